"""What every action shares: lock the card, check the visit, record the case.

`open_procedure` checks, for the catalog's procedure, the channel, the
calendar (is the counter open for it now), the applicant type and the
documents the clerk ticked; `open_record` is for what is recorded rather than
applied for (a found card reported, J-LIS's delivery, a wrong PIN typed).
`Work.finish` stores the card's new state, the case with its fee and receipt,
and the audit entry. Call both inside `transaction.atomic()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Max

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.messages import section
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.catalog import Procedure, circumstances_from_register
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle.actions import ACTIONS
from madoguchi.rules.lifecycle.visit import Visit, check_open, check_visit
from madoguchi.core.city import municipality

from ..models import Card, Case, Receipt, Resident
from .errors import BadInput, NotFound, Refused
from .state import holder_of, state_of, store

_RECEIPT_LOCK = 0x72656365  # "rece": any fixed number

MESSAGES = section("counter.visits")  # texts in counter/services/messages.yaml


@dataclass(frozen=True)
class Applicant:
    """Who came, as the clerk recorded them, and what they presented."""

    type: str = "self"
    name: str = ""  # blank for the resident themself
    conditions: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    channel: str = "counter"
    office: str = ""  # the office id it is done at; blank: the procedure's default office (office_of)
    with_certificates: bool = True  # the optional certificate fee items


@dataclass
class Result:
    card: Card
    case: Case | None
    outcome: lc.Outcome
    receipt: Receipt | None = None
    other: Card | None = None  # the new card of a re-issue, the old of a hand-over


@dataclass
class Work:
    actor: Actor
    action: str
    card: Card
    resident: Resident
    state: lc.Card
    holder: lc.Holder
    now: datetime
    procedure: Procedure | None = None
    applicant: Applicant | None = None
    checked: tuple[str, ...] = ()
    office: str | None = None  # where the visit is done: the case records it
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.astimezone(clock.TOKYO).date()

    def finish(self, outcome: lc.Outcome, *, card: Card | None = None, other: Card | None = None) -> Result:
        target = card or self.card
        opened = _window_opened(self.card, self.procedure.id if self.procedure is not None else None)  # before store moves it on
        store(target, outcome.card)
        case = receipt = None
        if self.procedure is not None and self.applicant is not None:
            case, receipt = _record_case(self, target, outcome, opened)
        record(
            self.actor,
            "update",
            "card",
            target.pk,
            resident_id=self.resident.pk,
            reason=self.action,
            detail={"action": self.action, "effects": list(outcome.effects), "case": case.pk if case else None, **self.detail},
        )
        return Result(target, case, outcome, receipt, other)


def lock_card(card_id: object) -> Card:
    try:
        pk = int(str(card_id))
        if not 0 < pk < 2**63:
            raise ValueError(pk)
        return Card.objects.select_for_update().select_related("resident").get(pk=pk)
    except (ValueError, Card.DoesNotExist):
        raise NotFound("no_card", MESSAGES["no_card"].format(card=card_id)) from None


def open_record(actor: Actor, card_id: object, action: str) -> Work:
    card = lock_card(card_id)
    return Work(actor, action, card, card.resident, state_of(card), holder_of(card.resident), clock.now())


def office_of(applicant: Applicant, default: str | None = None) -> str:
    """The office the visit is done at: the one the clerk (or the API) gave, else
    `default` (a pickup's: the office its card was delivered to) while the city
    still has it, else the city's first office, the one the counter's calendar
    assumes without one."""
    offices = [o.id for o in municipality().city.offices]
    chosen = applicant.office.strip()
    if chosen and chosen not in offices:
        raise BadInput("unknown_office", MESSAGES["unknown_office"].format(office=chosen, offices=", ".join(offices)))
    return chosen or (default if default in offices else offices[0])


def open_procedure(
    actor: Actor,
    card_id: object,
    action: str,
    applicant: Applicant,
    *,
    procedure_id: str | None = None,
    check_channel: bool = True,
    office_for_card: Callable[[Card], str | None] | None = None,
) -> Work:
    """Lock the card and check the visit at its office; Refused / BadInput if the rules say no.

    `office_for_card` gives the office when the clerk gave none (a pickup: where its card waits)."""
    work = open_record(actor, card_id, action)
    office = office_of(applicant, office_for_card(work.card) if office_for_card and not applicant.office.strip() else None)
    catalog = municipality().catalog
    pid = procedure_id or ACTIONS[action].procedure
    assert pid is not None, f"{action} is a record, not a procedure: use open_record"
    procedure = rules_call(catalog.get, pid)
    if applicant.type != "self" and not applicant.name.strip():
        raise BadInput("applicant_name_missing", MESSAGES["applicant_name_missing"])
    # What the register shows (a child under 15, under one) counts as ticked.
    register = circumstances_from_register(work.resident.birth_date, work.today, municipality().validity)
    conditions = tuple(dict.fromkeys((*applicant.conditions, *sorted(register))))
    visit = Visit(procedure, applicant.type, conditions, tuple(applicant.documents))
    channel = applicant.channel if check_channel else procedure.channels[0]
    try:
        procedure.check_in_force(work.today)
        openness = municipality().at(pid, work.now, office)
        needed = check_visit(catalog, visit, channel=channel, openness=openness)
    except lc.Refusal as e:
        raise Refused.from_rules(e) from None
    except RulesInputError as e:
        raise BadInput.from_rules(e) from None
    work.procedure = procedure
    work.applicant = applicant
    work.office = office
    work.checked = tuple(r.id for r in needed)
    return work


def refusal_now(card: Card, action: str, procedure_id: str | None = None) -> Refused | BadInput | None:
    """What refuses the action on this card now whatever the clerk types: the card's
    state, the action's precondition (a full notes field), the procedure not yet in
    force, the counter's hours and closures. The form says it when it opens, rather
    than after it is filled; the service checks the same rules again when it runs.
    Reads only: nothing is locked or written."""
    spec = ACTIONS[action]
    now = clock.now()
    today = now.astimezone(clock.TOKYO).date()
    try:
        spec.check_ready(state_of(card), today, municipality().validity)
        pid = procedure_id or spec.procedure
        if pid is not None:
            procedure = municipality().catalog.get(pid)
            procedure.check_in_force(today)
            check_open(procedure, municipality().at(pid, now))
    except lc.Refusal as e:
        return Refused.from_rules(e)
    except RulesInputError as e:
        return BadInput.from_rules(e)
    return None


def _fee_circumstances(work: Work) -> set[str]:
    """What the clerk ticked, and what the register already says (a child under one)."""
    register = circumstances_from_register(work.resident.birth_date, work.today, municipality().validity)
    return set(work.applicant.conditions) | register


def _window_opened(card: Card, procedure_id: str | None) -> date | None:
    """The renewal window the visit renews (ADR 0018's stored date), read before the rules' answer replaces it."""
    if procedure_id == "certificate-renewal":
        cert = card.certificates.filter(kind="user").first()
        return cert.renewal_opens if cert else None
    if procedure_id == "card-renewal":
        return card.renewal_opens
    return None


def _record_case(work: Work, card: Card, outcome: lc.Outcome, window_opened: date | None = None) -> tuple[Case, Receipt | None]:
    assert work.procedure is not None and work.applicant is not None
    schedule = work.procedure.fee_on(work.today)
    items = schedule.charged(_fee_circumstances(work), with_optional=work.applicant.with_certificates)
    fee_items = [{"item": i.item, "label_ja": i.label.ja, "label_en": i.label.en, "yen": i.yen} for i in items]
    total = sum(i.yen for i in items)
    case = Case.objects.create(
        resident=work.resident,
        card=card,
        action=work.action,
        procedure=work.procedure.id,
        channel=work.applicant.channel,
        office_id=work.office,
        window_opened=window_opened,
        applicant_type=work.applicant.type,
        applicant_name=work.applicant.name.strip() or work.resident.name,
        conditions=list(work.applicant.conditions),
        documents_checked=sorted(set(work.applicant.documents)),
        fee_items=fee_items,
        fee_total=total,
        clerk=work.actor.name,
        started_at=work.now,
        completed_at=clock.now(),
        effects=list(outcome.effects),
        offers=list(outcome.offers),
    )
    record(work.actor, "create", "case", case.pk, resident_id=work.resident.pk, reason=work.procedure.id,
           detail={"procedure": work.procedure.id, "applicant": work.applicant.type, "fee": total, "office": work.office})  # fmt: skip
    receipt = None
    if total > 0:
        receipt = Receipt.objects.create(case=case, number=_next_receipt_number(work.today), issued_at=work.now, total=total, items=fee_items)
    return case, receipt


def _next_receipt_number(today: date) -> str:
    # Receipt numbers run without gaps per year: writers take turns (an
    # advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions already hold
    # the write lock). The unique index is the backstop.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_RECEIPT_LOCK])
    prefix = f"R{today.year}-"
    last = Receipt.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    n = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{n:06d}"


def rules_call(fn, *args, **kwargs):
    """Call a lifecycle rule, turning its refusal or input error into the service's."""
    try:
        return fn(*args, **kwargs)
    except lc.Refusal as e:
        raise Refused.from_rules(e) from None
    except RulesInputError as e:
        raise BadInput.from_rules(e) from None
