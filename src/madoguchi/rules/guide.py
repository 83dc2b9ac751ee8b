"""The residents' guide interview: answers → the procedures to do, in order.

In the manner of GOV.UK's smart answers, the flow is routing only: `route()`
names the questions to ask given the answers so far, and `outcome()` turns a
complete set of answers into steps. What a procedure requires, costs and when
it is taken is never decided here: the catalog, the calendar and the validity
rules are asked (see `guide_plan.py`). The questions' wording lives in the
guide app's messages (`guide.q.<question>...`), one entry per question.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .catalog import APPLICANT_TYPES, Condition
from .licence import licence_can_be_on_card, licence_warning
from .municipality import Municipality

SITUATIONS = (
    "moved",
    "name-changed",
    "sex-changed",
    "birth-date-corrected",
    "stay-extended",
    "notes-full",
    "lost",
    "leaked",
    "return",
    "abroad",
    "pin",
    "certificate",
    "card-expiring",
    "notice-arrived",
    "smartphone",
)
# Age bands, drawn from the validity rules: below the signature certificate's
# minimum age, below the adult age, or adult.
AGE_BANDS = ("child", "minor", "adult")
# Situations where age changes the answer: a signature certificate is involved
# or a new card is made (its validity depends on age).
AGE_MATTERS = frozenset({"moved", "name-changed", "notes-full", "lost", "leaked", "pin", "certificate", "card-expiring"})
# Situations where a new card is applied for: whether a driving licence is on
# the card changes the answer (マイナ免許証, rules/licence.py).
NEW_CARD = frozenset({"notes-full", "lost", "leaked", "card-expiring"})
# What-to-do-now items that send the resident to the 24-hour suspension lines.
SUSPENSION_CALLS = frozenset({"call-suspension-line", "call-suspension-line-smartphone"})
SIGNATURE_PIN = "signature-certificate"
USER_PIN = "user-certificate"


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[str, ...]


class GuideInputError(ValueError):
    """An answer that is not one of its question's options."""

    def __init__(self, question: str, value: str):
        self.question = question
        self.value = value
        super().__init__(f"{value!r} is not an answer to {question!r}")


def questions(m: Municipality) -> dict[str, Question]:
    """Every question of the interview, with its options from the city's data."""
    card_return = m.catalog.get("card-return")
    return {
        q.id: q
        for q in (
            Question("situation", SITUATIONS),
            Question("moved", ("into-city", "within-city")),
            Question("lost_where", ("home", "outside", "stolen")),
            Question("lost_found", ("not-found", "found", "found-after-reissue")),
            Question("urgent", ("urgent", "not-urgent")),
            Question("return_case", tuple(c.id for c in card_return.cases)),
            Question("pin_which", tuple(m.pins)),
            Question("pin_state", ("forgotten", "locked", "change")),
            Question("pin_other", ("known", "forgotten")),
            Question("certificate_state", ("expiring", "revoked")),
            Question("smartphone_state", ("lost", "found", "pin-forgotten")),
            Question("abroad_state", ("leaving-keep", "leaving-return", "returned")),
            Question("licence", ("on-card", "not-on-card")),
            Question("age", AGE_BANDS),
            Question("applicant", APPLICANT_TYPES),
        )
    }


def _asks_licence(m: Municipality, a: Mapping[str, str]) -> bool:
    """A new card is applied for, on a day a licence may be on the card."""
    if a.get("situation") not in NEW_CARD or (a.get("situation") == "lost" and a.get("lost_found") != "not-found"):
        return False
    return m.law_on is not None and licence_can_be_on_card(m)


def _route(m: Municipality, a: Mapping[str, str]) -> Iterator[str]:
    """The questions in the order asked; later ones depend on earlier answers."""
    yield "situation"
    s = a.get("situation")
    if s == "moved":
        yield "moved"
    elif s == "lost":
        yield "lost_where"
        yield "lost_found"
        if a.get("lost_found") == "not-found":
            yield "urgent"
    elif s == "return":
        yield "return_case"
    elif s == "pin":
        yield "pin_which"
        yield "pin_state"
        # "The other" PIN matters only between the two certificate PINs: the
        # kiosk resets one of them while the other is known (national/rules.yaml, kiosk).
        if a.get("pin_state") in ("forgotten", "locked") and a.get("pin_which") in (SIGNATURE_PIN, USER_PIN):
            yield "pin_other"
    elif s == "certificate":
        yield "certificate_state"
    elif s == "smartphone":
        yield "smartphone_state"
    elif s == "abroad":
        yield "abroad_state"
    if _asks_licence(m, a):
        yield "licence"
    if s in AGE_MATTERS:
        yield "age"
    yield "applicant"


@dataclass(frozen=True)
class Progress:
    asked: tuple[str, ...]  # questions answered, in order
    next: str | None  # the question to ask now; None when the outcome is known


def route(m: Municipality, answers: Mapping[str, str]) -> Progress:
    """Where the interview stands. Raises GuideInputError on an unknown answer.

    Answers to questions off the route (left from a changed earlier answer)
    are ignored, so a back link can keep them without harm.
    """
    qs = questions(m)
    asked: list[str] = []
    for qid in _route(m, answers):
        value = answers.get(qid)
        if value is None or value == "":
            return Progress(tuple(asked), qid)
        if value not in qs[qid].options:
            raise GuideInputError(qid, value)
        asked.append(qid)
    return Progress(tuple(asked), None)


def relevant_answers(m: Municipality, answers: Mapping[str, str]) -> dict[str, str]:
    """Only the answers on the route, in order (for links and the API)."""
    progress = route(m, answers)
    return {q: answers[q] for q in progress.asked}


# --- the outcome ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    procedure: str
    case: Condition | None = None  # the case it is done for (a return's reason)


@dataclass(frozen=True)
class Note:
    """Something the guide adds to the outcome; `key` is a guide message."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    answers: Mapping[str, str]
    applicant: str
    steps: tuple[Step, ...]  # in the order to do them
    alternatives: tuple[Step, ...]  # another way to the same end
    holds: frozenset[str]  # condition ids known to hold
    fails: frozenset[str]  # condition ids known not to hold
    act_now: tuple[str, ...]  # "call-suspension-line", "police-report"
    notes: tuple[Note, ...]

    @property
    def calls_suspension_line(self) -> bool:
        """Whether the resident is told to call the 24-hour lines (a card or a phone)."""
        return any(a in SUSPENSION_CALLS for a in self.act_now)


class IncompleteAnswers(ValueError):
    def __init__(self, question: str):
        self.question = question
        super().__init__(f"the answer to {question!r} is missing")


def outcome(m: Municipality, answers: Mapping[str, str]) -> Outcome:
    progress = route(m, answers)
    if progress.next is not None:
        raise IncompleteAnswers(progress.next)
    a = relevant_answers(m, answers)
    builder = _Builder(m, a)
    builder.build()
    return Outcome(
        answers=a,
        applicant=a["applicant"],
        steps=tuple(builder.steps),
        alternatives=tuple(builder.alternatives),
        holds=frozenset(builder.holds),
        fails=frozenset(builder.fails),
        act_now=tuple(builder.act_now),
        notes=tuple(builder.notes),
    )


class _Builder:
    """One method per situation; each names the procedures and what is known."""

    def __init__(self, m: Municipality, answers: Mapping[str, str]):
        self.m = m
        self.a = answers
        self.steps: list[Step] = []
        self.alternatives: list[Step] = []
        self.holds: set[str] = set()
        self.fails: set[str] = set()
        self.act_now: list[str] = []
        self.notes: list[Note] = []

    # helpers
    def step(self, procedure_id: str, case: Condition | None = None) -> None:
        self.m.catalog.get(procedure_id)  # a typo here is a bug: fail loudly
        self.steps.append(Step(procedure_id, case))

    @property
    def child(self) -> bool:
        """Too young for a signature certificate (validity rules)."""
        return self.a.get("age") == "child"

    def no_signature_certificate(self) -> None:
        self.notes.append(
            Note("guide.note.no_signature_under", {"age": self.m.validity.signature_certificate_min_age})
        )

    def signature_certificate_again(self) -> None:
        if self.child:
            self.no_signature_certificate()
        else:
            self.step("signature-certificate-issue")

    def new_card_made(self, procedure_id: str) -> None:
        """A new card's validity depends on the holder's age (validity rules);
        a licence on the card may not follow it (rules/licence.py)."""
        warning = licence_warning(self.m, procedure_id) if self.a.get("licence") == "on-card" else None
        if warning is not None:
            self.notes.append(Note("guide.note.licence_" + warning.key, {"fee": f"{warning.fee:,}"}))
        if self.a.get("age") in ("child", "minor"):
            self.notes.append(Note("guide.note.minor_card_validity", {"birthdays": self.m.validity.card_birthdays_minor}))

    def build(self) -> None:
        getattr(self, "situation_" + self.a["situation"].replace("-", "_"))()

    # situations
    def situation_moved(self) -> None:
        self.holds.add("address-or-name-change")
        self.step("card-info-change")
        self.signature_certificate_again()

    situation_name_changed = situation_moved

    def situation_sex_changed(self) -> None:
        self.fails.add("address-or-name-change")
        self.step("card-info-change")

    situation_birth_date_corrected = situation_sex_changed

    def situation_stay_extended(self) -> None:
        self.step("period-of-stay-change")

    def situation_notes_full(self) -> None:
        self.holds.add("notes-field-full")
        self.step("reissue-notes-full")
        self.step("card-pickup")
        self.new_card_made("reissue-notes-full")

    def situation_lost(self) -> None:
        outside = self.a["lost_where"] in ("outside", "stolen")
        (self.holds if outside else self.fails).add("lost-outside-home")
        found = self.a["lost_found"]
        if found == "found":
            self.holds.add("card-found")
            self.step("lift-suspension")
            self.signature_certificate_again()
        elif found == "found-after-reissue":
            self.holds.add("card-found-after-reissue")
            self.step("card-return", self._return_case("found-after-reissue"))
        else:
            self.holds.add("card-not-found")
            self.fails.add("card-found")
            self.act_now.append("call-suspension-line")
            if outside:
                self.act_now.append("police-report")
            self.step("suspend-lost-card")
            if self.a["urgent"] == "urgent":
                self.holds.add("urgent")
                self.step("express-issue")
                self.alternatives.append(Step("reissue-after-loss"))
            else:
                self.fails.add("urgent")
                self.step("reissue-after-loss")
                self.step("card-pickup")
            self.new_card_made("express-issue" if self.a["urgent"] == "urgent" else "reissue-after-loss")

    def situation_leaked(self) -> None:
        self.holds.add("number-may-be-misused")
        self.step("my-number-change")
        self.step("express-issue")
        self.new_card_made("express-issue")

    def situation_return(self) -> None:
        self.step("card-return", self._return_case(self.a["return_case"]))

    def situation_pin(self) -> None:
        which, state = self.a["pin_which"], self.a["pin_state"]
        if which == SIGNATURE_PIN and self.child:
            self.no_signature_certificate()
            return
        if state == "change":
            self.fails.add("pin-forgotten")
            self.step("pin-reset")
            return
        self.holds.add("pin-forgotten")
        # The kiosk resets the 署名用 password, and since its date the 4-digit
        # 利用者証明用 PIN too (national/rules.yaml, kiosk; FACTS.md §9), but
        # only while the other of the two is known: with both forgotten, one
        # visit to the counter resets both.
        kiosk_can = {SIGNATURE_PIN} | ({USER_PIN} if self.m.value("kiosk_resets_user_certificate_pin") else set())
        if self.a.get("pin_other") == "forgotten":
            self.step("pin-reset")
            self.notes.append(Note("guide.note.both_pins_at_counter"))
        elif which in kiosk_can:
            self.step("signature-password-kiosk-reset")
            self.alternatives.append(Step("pin-reset"))
        else:
            self.step("pin-reset")

    def insurance_after_expiry(self) -> None:
        """マイナ保険証 (FACTS.md §9): past expiry the card still works as 保険証 for a while."""
        months = self.m.value("insurance_months_usable_after_expiry") if self.m.law_on is not None else 0
        if months:
            self.notes.append(Note("guide.note.insurance_after_expiry", {"months": months}))

    def situation_certificate(self) -> None:
        if self.a["certificate_state"] == "expiring":
            self.step("certificate-renewal")
            self.insurance_after_expiry()
        else:
            self.signature_certificate_again()

    def situation_card_expiring(self) -> None:
        self.step("card-renewal")
        self.step("card-pickup")
        self.new_card_made("card-renewal")
        self.insurance_after_expiry()

    def situation_notice_arrived(self) -> None:
        self.step("card-pickup")

    def situation_smartphone(self) -> None:
        """スマホ用電子証明書 (FACTS.md §9) [jpki-lost, digital-smartphone]: a lost
        phone goes to the same 24-hour line; a found phone is unlocked and a
        forgotten PIN reset in the app, with the card; never at the counter."""
        state = self.a["smartphone_state"]
        if state == "lost":
            self.act_now.append("call-suspension-line-smartphone")
            self.step("smartphone-certificate-suspension")
        elif state == "found":
            self.notes.append(Note("guide.note.smartphone_found_in_app"))
        else:
            self.notes.append(Note("guide.note.smartphone_pin_in_app"))

    def situation_abroad(self) -> None:
        """国外継続利用 (since 2024-05-27; FACTS.md §9) [ritto, omura]: a card kept
        when moving abroad is applied for by the day before departure; on return
        it is used again (国内継続利用), not replaced. Before the law, or when not
        keeping it, the card is returned."""
        state = self.a["abroad_state"]
        keep = self.m.catalog.get("card-keep-abroad")
        in_force = self.m.law_on is None or keep.in_force(self.m.law_on)
        if state == "leaving-keep" and in_force:
            self.step("card-keep-abroad")
            self.notes.append(Note("guide.note.keep_abroad_by_the_day_before"))
        elif state == "returned" and in_force:
            self.step("card-keep-domestic")
            self.notes.append(Note("guide.note.back_from_abroad_not_a_new_card"))
        else:
            self.step("card-return", self._return_case("moving-abroad"))

    def _return_case(self, case_id: str) -> Condition:
        return next(c for c in self.m.catalog.get("card-return").cases if c.id == case_id)
