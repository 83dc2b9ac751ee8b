"""A My Number Card's states and what each procedure does to them.

Pure functions: each takes the card as it is (a frozen `Card`), checks the
rules and returns the card as it becomes (an `Outcome`), or raises `Refusal`
with a specific code and the reason in Japanese and English. The counter's
services load the card, ask here, and store the answer; nothing else decides.
Dates come from `validity.py` (FACTS.md §3); the lifecycle's own numbers from
data/national/lifecycle.yaml. docs/counter.md draws the states.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..catalog import Procedure
from ..dates import months_after
from ..messages import input_error
from ..municipality import PinRule
from ..validity import (
    ValidityRules,
    card_expiry,
    renewal_window_opens,
    signature_certificate_expiry,
    user_certificate_expiry,
)
from .data import LifecycleRules
from .refusals import REFUSALS, Refusal

__all__ = [  # the refusals live in refusals.py
    "CARD_STATUSES",
    "CERTIFICATE_STATUSES",
    "FACE_CHANGES",
    "REVOKES_SIGNATURE",
    "CHANNELS",
    "SUSPEND_CHANNELS",
    "REISSUE_PROCEDURES",
    "ISSUED",
    "SUSPEND_LOST_CARD_FROM",
    "REPORT_FOUND_FROM",
    "LIFT_SUSPENSION_FROM",
    "APPLY_REISSUE_FROM",
    "EXPRESS_ISSUE_AFTER_NUMBER_CHANGE_FROM",
    "RECORD_ARRIVAL_FROM",
    "CARD_PICKUP_FROM",
    "IN_USE",
    "MY_NUMBER_CHANGE_FROM",
    "CARD_RETURN_FROM",
    "EXPIRE_FROM",
    "KEEP_ABROAD_FROM",
    "KEEP_DOMESTIC_FROM",
    "CERTIFICATE_RENEWAL_FROM",
    "Certificate",
    "Pin",
    "Holder",
    "Card",
    "Outcome",
    "require_status",
    "require_notes_space",
    "require_renewal_window_open",
    "suspend_lost_card",
    "reported_lost",
    "report_found",
    "lift_suspension",
    "apply_reissue",
    "check_reissue_procedure",
    "record_arrival",
    "card_pickup",
    "card_info_change",
    "has_period_of_stay",
    "period_of_stay_change",
    "pin_entry",
    "pin_reset",
    "certificate_renewal",
    "signature_certificate_issue",
    "my_number_change",
    "card_return",
    "expire",
    "card_keep_abroad",
    "card_keep_domestic",
    "is_japanese_national",
]

# ordered: applied for, being made by J-LIS; arrived: at the counter, not yet
# handed over; active: in the holder's hands and usable; suspended: 一時停止
# (lost); superseded: a re-issue was applied for, so it can never be used
# again (廃止); lapsed: 失効 (the My Number was changed); expired; returned;
# abroad: kept by a holder who moved abroad (国外継続利用, since 2024-05-27;
# FACTS.md §9), in use in Japan again after 国内継続利用 on return.
CARD_STATUSES = ("ordered", "arrived", "active", "suspended", "superseded", "lapsed", "expired", "returned", "abroad")
CERTIFICATE_STATUSES = ("none", "active", "suspended", "revoked", "expired")
FACE_CHANGES = ("address", "name", "birth_date", "sex")
# An address or name change revokes the 署名用 certificate (seed).
REVOKES_SIGNATURE = frozenset({"address", "name"})
# A visit is at the counter, or a record of the 24-hour line's call ("phone");
# a suspension is accepted by either (issue 5), other procedures by the
# channels their catalog entry lists (lifecycle/visit.py).
CHANNELS = ("counter", "phone")
SUSPEND_CHANNELS = CHANNELS
REISSUE_PROCEDURES = ("reissue-after-loss", "reissue-notes-full", "express-issue")

# The states each transition starts from: the rule refuses any other (with
# `card_<state>`), and the counter's page offers the action in exactly these
# (lifecycle/actions.py reads them; there is no second list).
ISSUED = ("active", "abroad", "suspended", "superseded", "lapsed", "expired")  # in the holder's hands or was
SUSPEND_LOST_CARD_FROM = ("active",)
REPORT_FOUND_FROM = tuple(s for s in CARD_STATUSES if s != "returned")  # and reported lost
LIFT_SUSPENSION_FROM = ("suspended",)
APPLY_REISSUE_FROM = ("active", "suspended")
EXPRESS_ISSUE_AFTER_NUMBER_CHANGE_FROM = ("lapsed",)
RECORD_ARRIVAL_FROM = ("ordered",)
CARD_PICKUP_FROM = ("arrived",)
IN_USE = ("active",)  # the card-face, PIN and certificate procedures
MY_NUMBER_CHANGE_FROM = ("active", "suspended", "superseded")
CARD_RETURN_FROM = ISSUED
EXPIRE_FROM = ("active", "suspended", "abroad")
KEEP_ABROAD_FROM = ("active",)  # 国外継続利用: applied for with the 国外転出届
KEEP_DOMESTIC_FROM = ("abroad",)  # 国内継続利用: on return, with the 転入届
# Certificates are renewed in use, and abroad (from a longer window, lifecycle.yaml).
CERTIFICATE_RENEWAL_FROM = ("active", "abroad")
# Counted as past expiry by `Card.status_on` (the card is still the holder's).
_EXPIRES_FROM = EXPIRE_FROM


@dataclass(frozen=True)
class Certificate:
    status: str = "none"
    issued: date | None = None
    expires: date | None = None

    def status_on(self, today: date) -> str:
        if self.status == "active" and self.expires is not None and today > self.expires:
            return "expired"
        return self.status


@dataclass(frozen=True)
class Pin:
    failures: int = 0
    locked: bool = False


@dataclass(frozen=True)
class Holder:
    birth_date: date
    period_of_stay_end: date | None = None  # None: no period of stay (Japanese, 永住者 ...)
    # 国外継続利用 is for Japanese nationals (who have a 戸籍の附票; FACTS.md §9).
    japanese_national: bool = True
    # 成年被後見人: no 署名用 certificate is issued to them (FACTS.md §8) [yonago].
    adult_ward: bool = False


@dataclass(frozen=True)
class Card:
    status: str
    issued: date | None = None
    expires: date | None = None
    expiry_basis: str = ""
    application_received: date | None = None
    notes_used: int = 0
    notes_capacity: int = 4
    user_certificate: Certificate = Certificate()
    signature_certificate: Certificate = Certificate()
    pins: dict[str, Pin] = field(default_factory=dict)
    lost: bool = False
    return_pending: bool = False
    special_period_used: bool = False
    reissue_procedure: str = ""  # set on a card made by a re-issue
    departed: date | None = None  # 国外継続利用: the departure day written on the card face

    def status_on(self, today: date) -> str:
        """The status, counting a usable card past its last valid day as expired."""
        if self.status in _EXPIRES_FROM and self.expires is not None and today > self.expires:
            return "expired"
        return self.status

    def pin(self, pin_id: str) -> Pin:
        return self.pins.get(pin_id, Pin())


@dataclass(frozen=True)
class Outcome:
    card: Card
    effects: tuple[str, ...] = ()  # what changed, as codes (the audit detail)
    offers: tuple[str, ...] = ()  # procedures to offer next (catalog ids)


def require_status(card: Card, today: date, *allowed: str) -> None:
    """Refuse unless the card's status (expiry counted) is one of `allowed`."""
    status = card.status_on(today)
    if status not in allowed:
        raise Refusal(f"card_{status}", expires=card.expires or "")


_require = require_status  # the rules below say it short


# --- suspension and loss -----------------------------------------------------
def suspend_lost_card(card: Card, *, channel: str, today: date) -> Outcome:
    """一時停止: the card and the user certificate stop; 署名用 is revoked [tomiya]."""
    if channel not in SUSPEND_CHANNELS:
        raise input_error("unknown_channel", channel=channel)
    if card.status_on(today) == "suspended":
        raise Refusal("already_suspended")
    _require(card, today, *SUSPEND_LOST_CARD_FROM)
    return Outcome(
        replace(
            card,
            status="suspended",
            lost=True,
            user_certificate=_set_status(card.user_certificate, "suspended"),
            signature_certificate=_set_status(card.signature_certificate, "revoked"),
        ),
        effects=("card_suspended", "user_certificate_suspended", "signature_certificate_revoked"),
        offers=("lift-suspension", "reissue-after-loss"),
    )


def reported_lost(card: Card, holder: Holder | None = None) -> bool:
    """Whether a found card can be reported: only one reported lost."""
    return card.lost


def report_found(card: Card, *, today: date) -> Outcome:
    """A lost card turned up: usable again only after the counter lifts the
    suspension; a card replaced by a re-issue must be returned (seed)."""
    if not reported_lost(card):
        raise Refusal("not_reported_lost")
    if card.status not in REPORT_FOUND_FROM:
        raise Refusal(f"card_{card.status}")
    if card.status == "superseded":
        return Outcome(replace(card, lost=False, return_pending=True), ("found", "return_pending"), ("card-return",))
    return Outcome(replace(card, lost=False), ("found",), ("lift-suspension",))


def lift_suspension(card: Card, *, today: date) -> Outcome:
    """Counter only (the channel is checked against the catalog); a card
    already cancelled or replaced cannot be revived [sakata]."""
    if card.status_on(today) == "active":
        raise Refusal("card_active")
    _require(card, today, *LIFT_SUSPENSION_FROM)
    return Outcome(
        replace(card, status="active", lost=False, user_certificate=_unsuspend(card.user_certificate)),
        effects=("card_active", "user_certificate_active"),
        offers=("signature-certificate-issue",),  # 署名用 stays revoked
    )


# --- re-issue, arrival, hand-over ---------------------------------------------
def apply_reissue(card: Card, *, procedure_id: str, today: date) -> tuple[Outcome, Card]:
    """The old card as it becomes, and the new card (ordered from J-LIS).

    After a loss the old card can never be used again and must be returned
    if found (seed); a card replaced because its notes field is full stays
    usable until the new one is handed over and is collected then
    (card-pickup's "old card ... is taken back"; docs/counter.md).
    """
    check_reissue_procedure(procedure_id)
    if card.status == "superseded":
        raise Refusal("reissue_already_applied")
    if card.status_on(today) == "abroad":
        # Back from abroad with a kept card: 国内継続利用, not a new card; nor is
        # the holder "moved in from abroad" for the free express issue (FACTS.md §9).
        raise Refusal("card_abroad", offers=("card-keep-domestic",))
    new = Card(status="ordered", application_received=today, notes_capacity=card.notes_capacity, reissue_procedure=procedure_id)
    if card.status in EXPRESS_ISSUE_AFTER_NUMBER_CHANGE_FROM and procedure_id == "express-issue":
        # After a number change the card has lapsed; the new one is made by
        # express issue (my-number-change's follow-up in the catalog).
        return Outcome(card, ("new_card_ordered",), ("card-pickup", "card-return")), new
    _require(card, today, *APPLY_REISSUE_FROM)
    if procedure_id == "reissue-notes-full":
        if card.notes_used < card.notes_capacity:
            raise Refusal("notes_not_full", used=card.notes_used, capacity=card.notes_capacity)
        return Outcome(card, ("new_card_ordered",), ("card-pickup",)), new
    old = replace(
        card,
        status="superseded",
        return_pending=True,
        user_certificate=_set_status(card.user_certificate, "revoked"),
        signature_certificate=_set_status(card.signature_certificate, "revoked"),
    )
    return Outcome(old, ("card_superseded", "return_pending", "new_card_ordered"), ("card-pickup", "card-return")), new


def check_reissue_procedure(procedure_id: str) -> None:
    if procedure_id not in REISSUE_PROCEDURES:
        raise input_error("unknown_reissue", procedure_id=procedure_id, choices=', '.join(REISSUE_PROCEDURES))


def record_arrival(
    card: Card, holder: Holder, rules: ValidityRules, *, issued: date, with_certificates: bool
) -> Outcome:
    """J-LIS delivered the card: its expiry and its certificates' are fixed by
    its issue date (発行日) and the birthday rules (validity.py)."""
    if card.status not in RECORD_ARRIVAL_FROM:
        raise Refusal("not_ordered")
    expires, basis = card_expiry(
        rules,
        holder.birth_date,
        issued,
        application_received=card.application_received,
        period_of_stay_end=holder.period_of_stay_end,
    )
    user = signature = Certificate()
    if with_certificates:
        user_expires = user_certificate_expiry(rules, holder.birth_date, issued, expires)
        user = Certificate("active", issued, user_expires)
        sig_expires, _ = signature_certificate_expiry(rules, holder.birth_date, issued, expires, user_expires)
        if sig_expires is not None and not holder.adult_ward:
            signature = Certificate("active", issued, sig_expires)
    return Outcome(
        replace(card, status="arrived", issued=issued, expires=expires, expiry_basis=basis,
                user_certificate=user, signature_certificate=signature),
        ("card_arrived",),
        ("card-pickup",),
    )  # fmt: skip


def card_pickup(card: Card, old: Card | None, *, old_collected: bool, today: date) -> tuple[Outcome, Outcome | None]:
    """The new card is handed over and becomes active; the old one, if
    collected, is returned; if not, it is cancelled and flagged for return."""
    if card.status not in CARD_PICKUP_FROM:
        raise Refusal("not_arrived" if card.status == "ordered" else f"card_{card.status}", expires=card.expires or "")
    if card.expires is not None and today > card.expires:
        raise Refusal("arrived_expired", expires=card.expires)
    new = Outcome(replace(card, status="active"), ("card_handed_over",))
    if old is None or old.status == "returned":
        return new, None
    revoked = dict(
        user_certificate=_set_status(old.user_certificate, "revoked"),
        signature_certificate=_set_status(old.signature_certificate, "revoked"),
    )
    if old_collected:
        gone = replace(old, status="returned", return_pending=False, lost=False, **revoked)
        return new, Outcome(gone, ("old_card_returned",))
    status = old.status if old.status in ("superseded", "lapsed", "expired") else "superseded"
    return new, Outcome(replace(old, status=status, return_pending=True, **revoked), ("return_pending",), ("card-return",))


# --- the card face -------------------------------------------------------------
def card_info_change(card: Card, *, change: str, today: date) -> Outcome:
    """An entry in the notes field; when it is full, offer the free re-issue.
    An address or name change revokes the 署名用 certificate (seed)."""
    if change not in FACE_CHANGES:
        raise input_error("unknown_face_change", change=change, choices=', '.join(FACE_CHANGES))
    _require(card, today, *IN_USE)
    _require_notes_space(card)
    effects = ["notes_entry"]
    offers: tuple[str, ...] = ()
    signature = card.signature_certificate
    if change in REVOKES_SIGNATURE and signature.status in ("active", "suspended"):
        signature = _set_status(signature, "revoked")
        effects.append("signature_certificate_revoked")
    if change in REVOKES_SIGNATURE:
        offers = ("signature-certificate-issue",)
    return Outcome(replace(card, notes_used=card.notes_used + 1, signature_certificate=signature), tuple(effects), offers)


def has_period_of_stay(card: Card, holder: Holder) -> bool:
    """Only a holder with a period of stay (a foreign resident) can change it."""
    return holder.period_of_stay_end is not None


def period_of_stay_change(
    card: Card,
    holder: Holder,
    rules: ValidityRules,
    life: LifecycleRules,
    *,
    new_end: date | None,
    special_period: bool,
    today: date,
) -> tuple[Outcome, date | None]:
    """The card's new expiry after a period-of-stay extension, and the holder's
    new period of stay (unchanged during the 特例期間).

    Only before the card's current expiry (seed); the birthday rule still caps
    it (validity.card_expiry from the original issue date); the 特例期間 gives
    up to N months after the current period of stay ends, once (N as in force
    on the day the change is recorded: lifecycle.yaml, dated).
    """
    if not has_period_of_stay(card, holder):
        raise Refusal("no_period_of_stay")
    _require(card, today, *IN_USE)
    assert holder.period_of_stay_end is not None
    if special_period:
        if life.special_period_once and card.special_period_used:
            raise Refusal("special_period_used")
        target, stay_end = months_after(holder.period_of_stay_end, life.special_period_months(today)), holder.period_of_stay_end
    else:
        if new_end is None or new_end <= holder.period_of_stay_end:
            raise input_error("stay_end_not_later", end=holder.period_of_stay_end)
        target = stay_end = new_end
    assert card.issued is not None  # an active card has been issued
    expires, basis = card_expiry(
        rules, holder.birth_date, card.issued, application_received=card.application_received, period_of_stay_end=target
    )
    if card.expires is not None and expires <= card.expires:
        cap, _ = card_expiry(rules, holder.birth_date, card.issued, application_received=card.application_received)
        raise Refusal("capped_by_birthday", cap=cap)
    _require_notes_space(card)
    changed = replace(
        card,
        expires=expires,
        expiry_basis=basis,
        notes_used=card.notes_used + 1,
        special_period_used=card.special_period_used or special_period,
    )
    effects = ("expiry_changed", "notes_entry") + (("special_period",) if special_period else ())
    return Outcome(changed, effects), stay_end


def require_notes_space(card: Card) -> None:
    """Refuse an entry in a full notes field (the free re-issue is offered instead)."""
    if card.notes_used >= card.notes_capacity:
        raise Refusal("notes_full", offers=("reissue-notes-full",), used=card.notes_used, capacity=card.notes_capacity)


_require_notes_space = require_notes_space


# --- PINs ----------------------------------------------------------------------
def pin_entry(card: Card, pins: dict[str, PinRule], *, pin: str, correct: bool, counting: str, today: date) -> Outcome:
    """A PIN typed at the counter terminal. It locks at the PIN's limit
    (3, or 5 for the signature password); a correct entry resets the count
    when counting is consecutive (the city's setting)."""
    rule = _pin_rule(pins, pin)
    _require(card, today, *IN_USE)
    state = card.pin(pin)
    if state.locked:
        raise Refusal("pin_locked", offers=("pin-reset",), pin=pin)
    if correct:
        after = Pin(0, False) if counting == "consecutive" else state
        return Outcome(replace(card, pins={**card.pins, pin: after}), ("pin_correct",))
    failures = state.failures + 1
    locked = failures >= rule.locks_after
    effects = ("pin_failure",) + (("pin_locked",) if locked else ())
    return Outcome(replace(card, pins={**card.pins, pin: Pin(failures, locked)}), effects, ("pin-reset",) if locked else ())


def pin_reset(card: Card, pins: dict[str, PinRule], *, pin: str, today: date) -> Outcome:
    _pin_rule(pins, pin)
    _require(card, today, *IN_USE)
    return Outcome(replace(card, pins={**card.pins, pin: Pin(0, False)}), ("pin_reset",))


def _pin_rule(pins: dict[str, PinRule], pin: str) -> PinRule:
    if pin not in pins:
        raise input_error("unknown_pin", pin=pin, choices=', '.join(pins))
    return pins[pin]


# --- certificates -----------------------------------------------------------------
def require_renewal_window_open(card: Card, today: date, rules: ValidityRules, life: LifecycleRules | None = None) -> None:
    """Refuse renewing a user certificate still in force before its window opens;
    for a holder abroad (国外継続利用) the longer window of lifecycle.yaml's `abroad`."""
    current = card.user_certificate
    if current.status_on(today) == "active" and current.expires is not None:
        window = rules
        if card.status == "abroad" and life is not None:
            window = replace(rules, renewal_window_months=life.abroad_renewal_window_months)
        opens = renewal_window_opens(window, current.expires)
        if today < opens:
            raise Refusal("renewal_window_not_open", opens=opens, expires=current.expires)


def certificate_renewal(
    card: Card, holder: Holder, rules: ValidityRules, life: LifecycleRules, *, today: date, with_signature: bool
) -> Outcome:
    """New certificates from today: the window opens about 3 months before the
    user certificate expires (validity.renewal_window_opens); renewed before it
    expires, they run to the 6th birthday instead of the 5th [jpki-period].
    A holder abroad (国外継続利用) may renew from a longer window before expiry
    (lifecycle.yaml, abroad; FACTS.md §9)."""
    _require(card, today, *CERTIFICATE_RENEWAL_FROM)
    assert card.expires is not None
    current = card.user_certificate
    require_renewal_window_open(card, today, rules, life)
    early = current.status_on(today) == "active" and current.expires is not None
    counted = replace(rules, certificate_birthdays=life.early_renewal_certificate_birthdays) if early else rules
    user_expires = user_certificate_expiry(counted, holder.birth_date, today, card.expires)
    signature = card.signature_certificate
    effects = ["user_certificate_renewed"]
    if with_signature and not holder.adult_ward:
        sig_expires, _ = signature_certificate_expiry(counted, holder.birth_date, today, card.expires, user_expires)
        if sig_expires is not None:
            signature = Certificate("active", today, sig_expires)
            effects.append("signature_certificate_renewed")
    return Outcome(
        replace(card, user_certificate=Certificate("active", today, user_expires), signature_certificate=signature),
        tuple(effects) + (("renewed_before_expiry",) if early else ()),
    )


def signature_certificate_issue(card: Card, holder: Holder, rules: ValidityRules, *, today: date) -> Outcome:
    """A new 署名用 certificate (after an address or name change, a suspension);
    none under 15 nor to a 成年被後見人 [yonago]; capped by the user certificate and the card (validity.py)."""
    _require(card, today, *IN_USE)
    if holder.adult_ward:
        raise Refusal("adult_ward_no_signature")
    age = rules.age_on(holder.birth_date, today)
    if age < rules.signature_certificate_min_age:
        raise Refusal("under_signature_age", age=rules.signature_certificate_min_age, actual=age)
    if card.signature_certificate.status_on(today) == "active":
        raise Refusal("signature_certificate_active", offers=("certificate-renewal",), expires=card.signature_certificate.expires)
    user = card.user_certificate
    if user.status_on(today) != "active" or user.expires is None:
        raise Refusal("user_certificate_not_active", offers=("certificate-renewal",))
    assert card.expires is not None
    expires, _ = signature_certificate_expiry(rules, holder.birth_date, today, card.expires, user.expires)
    assert expires is not None  # the age was checked above
    return Outcome(replace(card, signature_certificate=Certificate("active", today, expires)), ("signature_certificate_issued",))


# --- the number, returns, expiry ------------------------------------------------------
def my_number_change(card: Card, *, leaked_and_may_be_misused: bool, today: date) -> Outcome:
    """Only where the number leaked and may be misused (番号法 7条2項); the card
    lapses and is to be returned; the new card is made by express issue."""
    if not leaked_and_may_be_misused:
        raise Refusal("no_misuse_risk")
    _require(card, today, *MY_NUMBER_CHANGE_FROM)
    lapsed = replace(
        card,
        status="lapsed" if card.status != "superseded" else "superseded",
        return_pending=True,
        user_certificate=_set_status(card.user_certificate, "revoked"),
        signature_certificate=_set_status(card.signature_certificate, "revoked"),
    )
    return Outcome(lapsed, ("card_lapsed", "return_pending"), ("express-issue", "card-return"))


def card_return(card: Card, procedure: Procedure, *, reason: str, today: date) -> Outcome:
    """Taken back at the counter for one of the catalog's return reasons."""
    reasons = [c.id for c in procedure.cases]
    if reason not in reasons:
        raise input_error("unknown_return_reason", reason=reason, choices=', '.join(reasons))
    if card.status not in CARD_RETURN_FROM:  # returned already, or never handed over
        raise Refusal(f"card_{card.status}")
    gone = replace(
        card,
        status="returned",
        return_pending=False,
        lost=False,
        user_certificate=_set_status(card.user_certificate, "revoked"),
        signature_certificate=_set_status(card.signature_certificate, "revoked"),
    )
    return Outcome(gone, ("card_returned",))


def expire(card: Card, *, today: date) -> Outcome:
    """Past its last valid day a card is expired and is to be returned."""
    if card.status not in EXPIRE_FROM or card.expires is None:
        raise Refusal(f"card_{card.status}", expires=card.expires or "")
    if today <= card.expires:
        raise Refusal("not_yet_expired", expires=card.expires)
    return Outcome(
        replace(
            card,
            status="expired",
            return_pending=True,
            user_certificate=_set_status(card.user_certificate, "expired"),
            signature_certificate=_set_status(card.signature_certificate, "expired"),
        ),
        ("card_expired", "return_pending"),
        ("card-return",),
    )


# --- moving abroad and back (国外継続利用 / 国内継続利用, since 2024-05-27) ---------
def is_japanese_national(card: Card, holder: Holder) -> bool:
    """国外継続利用 is for Japanese nationals, who have a 戸籍の附票 (FACTS.md §9)."""
    return holder.japanese_national


def card_keep_abroad(
    card: Card, holder: Holder, rules: ValidityRules, *, departure: date, with_certificates: bool, today: date
) -> Outcome:
    """Keep the card when moving abroad: applied for with the 国外転出届 by the
    day before departure; on or after the departure day the card lapses and is
    returned. The departure is written on the card face (a notes entry) and the
    certificates are issued anew for a holder abroad (国外転出者向け), by the
    usual birthday rules (validity.py) [ritto, nishigo, omura, setagaya-abroad]."""
    if not is_japanese_national(card, holder):
        raise Refusal("keep_abroad_japanese_only", offers=("card-return",))
    _require(card, today, *KEEP_ABROAD_FROM)
    if today >= departure:
        raise Refusal("keep_abroad_too_late", offers=("card-return",), deadline=date.fromordinal(departure.toordinal() - 1))
    _require_notes_space(card)
    assert card.expires is not None  # an active card has been issued
    user = _set_status(card.user_certificate, "revoked")
    signature = _set_status(card.signature_certificate, "revoked")
    effects = ["card_abroad", "notes_entry", "certificates_revoked"]
    if with_certificates:
        user_expires = user_certificate_expiry(rules, holder.birth_date, today, card.expires)
        user = Certificate("active", today, user_expires)
        sig_expires, _ = signature_certificate_expiry(rules, holder.birth_date, today, card.expires, user_expires)
        if sig_expires is not None and not holder.adult_ward:
            signature = Certificate("active", today, sig_expires)
        effects.append("certificates_for_abroad_issued")
    kept = replace(
        card, status="abroad", departed=departure, notes_used=card.notes_used + 1,
        user_certificate=user, signature_certificate=signature,
    )  # fmt: skip
    return Outcome(kept, tuple(effects))


def card_keep_domestic(card: Card, *, today: date) -> Outcome:
    """Back in Japan with a kept card: 国内継続利用 with the 転入届, not a new card.
    The new address is written on the card face; as with any address change the
    署名用 certificate is revoked (seed), so its issue is offered."""
    _require(card, today, *KEEP_DOMESTIC_FROM)
    _require_notes_space(card)
    signature = _set_status(card.signature_certificate, "revoked")
    effects = ("card_active", "notes_entry") + (
        ("signature_certificate_revoked",) if signature is not card.signature_certificate else ()
    )
    back = replace(card, status="active", departed=None, notes_used=card.notes_used + 1, signature_certificate=signature)
    return Outcome(back, effects, ("signature-certificate-issue",))


def _set_status(cert: Certificate, status: str) -> Certificate:
    if cert.status in ("none", "revoked", "expired"):
        return cert  # nothing to stop, or already ended
    return replace(cert, status=status)


def _unsuspend(cert: Certificate) -> Certificate:
    return replace(cert, status="active") if cert.status == "suspended" else cert
