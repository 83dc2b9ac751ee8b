"""Applying for a new card, J-LIS's delivery, and handing the card over."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from madoguchi.audit.services import Actor, record
from madoguchi.booking.services.errors import BookingError
from madoguchi.booking.services.pickups import mark_handed_over, normalise_notice_number, pickup_office, register_arrival
from madoguchi.core.messages import section
from madoguchi.rules import lifecycle as lc
from madoguchi.core.city import municipality

from ..models import Card, ReturnedCard
from .errors import BadInput, Refused
from .state import state_of, store
from .visits import Applicant, Result, lock_card, open_procedure, open_record, rules_call

MESSAGES = section("counter.reissue")  # texts in counter/services/messages.yaml


def apply_reissue(actor: Actor, card_id: object, applicant: Applicant, *, procedure_id: str) -> Result:
    """The old card as it becomes; `other` is the new card ordered from J-LIS."""
    with transaction.atomic():
        rules_call(lc.check_reissue_procedure, procedure_id)
        work = open_procedure(actor, card_id, "apply-reissue", applicant, procedure_id=procedure_id)
        old, new_state = rules_call(lc.apply_reissue, work.state, procedure_id=procedure_id, today=work.today)
        new = Card(resident=work.resident, replaces=work.card, status="ordered", certificates_requested=applicant.with_certificates)
        store(new, new_state)
        work.detail["new_card"] = new.pk
        return work.finish(old, other=new)


def record_arrival(
    actor: Actor, card_id: object, *, serial: str, issued: date, notice_number: str, pickup_deadline: date
) -> Result:
    """J-LIS delivered the card: fix its expiry and register the pickup for booking."""
    with transaction.atomic():
        work = open_record(actor, card_id, "record-arrival")
        serial = (serial or "").strip()
        if not serial:
            raise BadInput("serial_missing", MESSAGES["serial_missing"])
        if not (notice_number or "").strip():
            raise BadInput("notice_missing", MESSAGES["notice_missing"])
        if issued > work.today:
            raise BadInput("issued_in_future", MESSAGES["issued_in_future"].format(issued=issued))
        if pickup_deadline < issued:
            raise BadInput("deadline_before_issue", MESSAGES["deadline_before_issue"].format(deadline=pickup_deadline))
        if Card.objects.filter(serial=serial).exclude(pk=work.card.pk).exists():
            raise BadInput("serial_taken", MESSAGES["serial_taken"].format(serial=serial))
        outcome = rules_call(
            lc.record_arrival, work.state, work.holder, municipality().validity,
            issued=issued, with_certificates=work.card.certificates_requested,
        )  # fmt: skip
        work.card.serial = serial
        # Stored as the pickup register stores it, so the two can be matched.
        work.card.notice_number = normalise_notice_number(notice_number)
        work.card.arrived_at = work.now
        try:
            register_arrival(
                notice_number=notice_number,
                birth_date=work.resident.birth_date,
                holder_name=work.resident.name,
                office_id=None,
                pickup_deadline=pickup_deadline,
                card_ref=str(work.card.pk),
                actor=actor,
            )
        except BookingError as e:  # the pickup register's own refusal, passed on
            raise (Refused if e.status == 409 else BadInput)(e.code, e.text) from None
        return work.finish(outcome)


def _waiting_at(card) -> str | None:
    """The office the card was delivered to, where its pickup is booked."""
    return pickup_office(card.notice_number) if card.notice_number else None


def card_pickup(actor: Actor, card_id: object, applicant: Applicant, *, old_card_collected: bool) -> Result:
    """The resident receives the new card; the old one, if brought, goes to the returned-card register."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "card-pickup", applicant, office_for_card=_waiting_at)
        old_row = lock_card(work.card.replaces_id) if work.card.replaces_id else None
        old_state = state_of(old_row) if old_row else None
        new_outcome, old_outcome = rules_call(
            lc.card_pickup, work.state, old_state, old_collected=old_card_collected, today=work.today
        )
        work.card.handed_over_at = work.now
        result = work.finish(new_outcome, other=old_row)
        if work.card.notice_number:
            # Close the resident's pickup (and free a seat still booked for it).
            mark_handed_over(work.card.notice_number, actor)
        if old_row is not None and old_outcome is not None:
            store(old_row, old_outcome.card)
            if old_outcome.card.status == "returned":
                # The catalog's return reason for an old card taken at the hand-over.
                ReturnedCard.objects.create(
                    card=old_row, resident=work.resident, reason="new-card-issued", received_at=work.now, clerk=actor.name, case=result.case
                )
            record(actor, "update", "card", old_row.pk, resident_id=work.resident.pk, reason="card-pickup",
                   detail={"action": "card-pickup", "effects": list(old_outcome.effects), "new_card": work.card.pk})  # fmt: skip
        return result
