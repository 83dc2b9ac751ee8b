"""The counter's actions, one row each: the one place an action is named.

An action is what the clerk's screen, the API and the tests ask the counter
to do to a card. Its row says what it is called (the catalog's procedure id
where it is a procedure), which procedure of the catalog it is (None: a
record, with no applicant and no case), which rule of `transitions.py` decides
it, in which of the card's states the resident's page offers it (the rule's
own tuple of states, not a copy) and what it takes (its fields, described
here without a web framework). The counter builds its service table, the
API's endpoints and schemas, the form and the offered actions from these rows
(counter/actions.py, api/counter.py, counter/views.py).

Adding an action: a rule in transitions.py, a row here, a service in
counter/services/ and its line in counter/actions.py (docs/counter.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..catalog import APPLICANT_TYPES
from . import transitions as t
from .data import load_lifecycle_rules


@dataclass(frozen=True)
class Field:
    """One input of an action.

    kind: "text" (one line, at most `max_length`), "date", "flag" (yes/no),
    "choice" (one of `choices`, fixed by the rules; or, with `source`, one of
    a list the city's data holds, which the rule checks: "pins", or
    "procedure-cases", the cases of the action's procedure in the catalog)
    or "list" (of lines of `max_length`).
    """

    name: str
    kind: str
    required: bool = False
    default: Any = None
    max_length: int = 0
    choices: tuple[str, ...] = ()
    source: str = ""
    my_number: bool = False  # a My Number: never autocompleted, never echoed back


# What every visit (a procedure a resident applies for) takes: who came, the
# circumstances and documents the clerk ticked (catalog ids), the channel, and
# the office it is done at (an office id of the city's data; blank: the city's
# first office, the one the counter's calendar assumes without one).
VISIT_FIELDS = (
    Field("applicant_type", "choice", default="self", choices=APPLICANT_TYPES),
    Field("applicant_name", "text", default="", max_length=120),
    Field("conditions", "list", default=[], max_length=60),
    Field("documents", "list", default=[], max_length=60),
    Field("channel", "choice", default="counter", choices=t.CHANNELS),
    Field("office", "text", default="", max_length=60),
)


@dataclass(frozen=True)
class Action:
    name: str  # the API's path segment, the form's address, the case's `action`
    summary: str  # one line for the API's documentation (developers read it in English)
    procedure: str | None  # the catalog's procedure; None: a record (no applicant, no case, no fee)
    rule: Callable[..., Any]  # the transition in transitions.py that decides it
    offered_in: tuple[str, ...]  # the card states whose page offers it: the rule's own tuple
    fields: tuple[Field, ...] = ()  # its own inputs (a visit also takes VISIT_FIELDS)
    offered_if: Callable[[t.Card, t.Holder], bool] | None = None  # the rule's own test, beyond the state
    former_names: tuple[str, ...] = ()  # names of API 1.0, still answered (CHANGELOG)
    # What the rule refuses on the card and the day alone, before any input (the form says
    # it when it opens): called with the card, the day and the city's validity rules.
    precondition: Callable[[t.Card, date, Any], None] | None = None

    @property
    def is_visit(self) -> bool:
        return self.procedure is not None

    @property
    def procedures(self) -> tuple[str, ...]:
        """The catalog procedures it may be: the clerk picks one when there are several."""
        for f in self.fields:
            if f.name == "procedure":
                return f.choices
        return (self.procedure,) if self.procedure else ()

    def procedure_for(self, chosen: object) -> str | None:
        """The procedure the clerk chose (if it may be several), else its own."""
        return chosen if isinstance(chosen, str) and chosen in self.procedures else self.procedure

    def all_fields(self) -> tuple[Field, ...]:
        """Every input, the visit's first; an action's own field replaces the visit's of that name."""
        own = {f.name for f in self.fields}
        common = tuple(f for f in VISIT_FIELDS if f.name not in own) if self.is_visit else ()
        return common + self.fields

    def check_ready(self, card: t.Card, today: date, validity: Any) -> None:
        """Raise the rule's Refusal that no input can change: the card's state is not one
        that offers the action, or its precondition fails (a full notes field, a
        certificate renewal before its window opens)."""
        t.require_status(card, today, *self.offered_in)
        if self.precondition is not None:
            self.precondition(card, today, validity)

    def offered(self, card: t.Card, holder: t.Holder, today: date) -> bool:
        """Whether the card's page offers it (the rule still decides, with its reason)."""
        if card.status_on(today) not in self.offered_in:
            return False
        return self.offered_if is None or self.offered_if(card, holder)


def _notes_space(card: t.Card, today: date, validity: Any) -> None:
    t.require_notes_space(card)


def _renewal_window(card: t.Card, today: date, validity: Any) -> None:
    # With the lifecycle rules, so that a holder abroad gets the longer window (国外継続利用).
    t.require_renewal_window_open(card, today, validity, load_lifecycle_rules())


_PIN = Field("pin", "choice", required=True, max_length=30, source="pins")

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "suspend-lost-card",
            "Suspend a lost card (24-hour line record or counter)",
            "suspend-lost-card",
            t.suspend_lost_card,
            t.SUSPEND_LOST_CARD_FROM,
            # The catalog lists the 24-hour line; the counter records one too (issue 5).
            (Field("channel", "choice", default="phone", choices=t.SUSPEND_CHANNELS),),
            former_names=("suspend",),
        ),
        Action(
            "lift-suspension",
            "Lift a suspension (counter only)",
            "lift-suspension",
            t.lift_suspension,
            t.LIFT_SUSPENSION_FROM,
            # Asked so that a phone request is refused by the catalog's channels, with its reason.
            (Field("channel", "choice", default="counter", choices=t.CHANNELS),),
        ),
        Action(
            "report-found",
            "Record that a lost card was found",
            None,
            t.report_found,
            t.REPORT_FOUND_FROM,
            offered_if=t.reported_lost,
        ),
        Action(
            "apply-reissue",
            "Apply for a new card (after a loss the old one becomes unusable)",
            t.REISSUE_PROCEDURES[0],
            t.apply_reissue,
            t.APPLY_REISSUE_FROM + t.EXPRESS_ISSUE_AFTER_NUMBER_CHANGE_FROM,
            (
                Field("procedure", "choice", default=t.REISSUE_PROCEDURES[0], choices=t.REISSUE_PROCEDURES),
                Field("with_certificates", "flag", default=True),
            ),
        ),
        Action(
            "record-arrival",
            "Record the card's arrival from J-LIS (registers the pickup)",
            None,
            t.record_arrival,
            t.RECORD_ARRIVAL_FROM,
            (
                Field("serial", "text", required=True, max_length=32),
                Field("issued", "date", required=True),
                Field("notice_number", "text", required=True, max_length=40),
                Field("pickup_deadline", "date", required=True),
            ),
        ),
        Action(
            "card-pickup",
            "Hand the new card over (the old one collected)",
            "card-pickup",
            t.card_pickup,
            t.CARD_PICKUP_FROM,
            (Field("old_card_collected", "flag", default=False),),
            former_names=("hand-over",),
        ),
        Action(
            "card-info-change",
            "Write a change on the card face (notes field)",
            "card-info-change",
            t.card_info_change,
            t.IN_USE,
            (
                Field("change", "choice", required=True, choices=t.FACE_CHANGES),
                Field("address", "text", default="", max_length=200),
                Field("family_name", "text", default="", max_length=60),
                Field("given_name", "text", default="", max_length=60),
                Field("family_name_kana", "text", default="", max_length=120),
                Field("given_name_kana", "text", default="", max_length=120),
            ),
            former_names=("change-face-info",),
            precondition=_notes_space,
        ),
        Action(
            "period-of-stay-change",
            "Change the card's expiry after a period-of-stay change",
            "period-of-stay-change",
            t.period_of_stay_change,
            t.IN_USE,
            (Field("new_end", "date"), Field("special_period", "flag", default=False)),
            offered_if=t.has_period_of_stay,
            former_names=("change-period-of-stay",),
            precondition=_notes_space,
        ),
        Action(
            "record-pin-failure",
            "Record a wrong PIN entry",
            None,
            t.pin_entry,
            t.IN_USE,
            (_PIN,),
        ),
        Action(
            "pin-reset",
            "Reset a PIN",
            "pin-reset",
            t.pin_reset,
            t.IN_USE,
            (_PIN,),
            former_names=("reset-pin",),
        ),
        Action(
            "certificate-renewal",
            "Renew the electronic certificates",
            "certificate-renewal",
            t.certificate_renewal,
            t.CERTIFICATE_RENEWAL_FROM,
            (Field("with_signature", "flag", default=True),),
            former_names=("renew-certificates",),
            precondition=_renewal_window,
        ),
        Action(
            "signature-certificate-issue",
            "Issue a signature certificate",
            "signature-certificate-issue",
            t.signature_certificate_issue,
            t.IN_USE,
            former_names=("issue-signature-certificate",),
        ),
        Action(
            "my-number-change",
            "Change the My Number (a leak with a misuse risk only)",
            "my-number-change",
            t.my_number_change,
            t.MY_NUMBER_CHANGE_FROM,
            (
                Field("leaked_and_may_be_misused", "flag", required=True),
                Field("new_number", "text", required=True, max_length=24, my_number=True),
            ),
            former_names=("change-my-number",),
        ),
        Action(
            "card-return",
            "Take a card back (返納)",
            "card-return",
            t.card_return,
            t.CARD_RETURN_FROM,
            (Field("reason", "choice", required=True, max_length=40, source="procedure-cases"),),
            former_names=("return",),
        ),
        Action(
            "card-keep-abroad",
            "Keep the card when moving abroad (国外継続利用; by the day before departure)",
            "card-keep-abroad",
            t.card_keep_abroad,
            t.KEEP_ABROAD_FROM,
            (Field("departure", "date", required=True), Field("with_certificates", "flag", default=True)),
            offered_if=t.is_japanese_national,
        ),
        Action(
            "card-keep-domestic",
            "Use a card kept abroad in Japan again (国内継続利用, on return)",
            "card-keep-domestic",
            t.card_keep_domestic,
            t.KEEP_DOMESTIC_FROM,
        ),
    )
}

# A name of API 1.0 -> the action's name now.
FORMER_NAMES: dict[str, str] = {old: a.name for a in ACTIONS.values() for old in a.former_names}


def action(name: str) -> Action | None:
    """The action of that name, or of a former name; None if there is none."""
    return ACTIONS.get(FORMER_NAMES.get(name, name))


def offered_actions(card: t.Card, holder: t.Holder, today: date) -> tuple[str, ...]:
    """The actions the card's page offers today, in the registry's order."""
    return tuple(a.name for a in ACTIONS.values() if a.offered(card, holder, today))


def action_for_procedure(procedure_id: str) -> Action | None:
    """The action that does a catalog procedure (an outcome's offer), if any."""
    return next((a for a in ACTIONS.values() if procedure_id in a.procedures), None)
