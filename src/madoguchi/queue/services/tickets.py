"""Issuing a ticket: a walk-in at reception, or a booked resident at check-in."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction

from madoguchi.core import clock
from madoguchi.core.inputs import FreeTextError, check_email
from madoguchi.rules.text import LANGUAGES
from madoguchi.web.messages import messages
from madoguchi.audit.services import Actor, record

from ..models import Ticket
from .board import estimate_for_new
from .near import after_commit
from .common import changed, office_id, queue_data, take_number
from .errors import QueueError


def _audit(ticket: Ticket) -> dict:
    return {"number": ticket.label, "procedure": ticket.procedure_id, "kind": ticket.kind, "office": ticket.office_id,
            "estimate_minutes": ticket.estimate_minutes}


def clean_email(value: str | None) -> str:
    """The optional mail address for "your turn is near": blank, or a checked address."""
    if not (value or "").strip():
        return ""
    try:
        return check_email(value)
    except FreeTextError as e:
        raise QueueError(e.code, field="email", text=e.text) from None


def _issue(actor: Actor, office: str, procedure: str, *, booking=None, booked_at: datetime | None = None,
           email: str = "", lang: str = "ja") -> Ticket:
    group = queue_data().group_of(procedure)
    if group is None:
        raise QueueError("unknown_procedure", field="procedure")
    email = clean_email(email)
    now = clock.now()
    with transaction.atomic():
        estimate = estimate_for_new(office, procedure, booked_at)
        near = estimate.ahead <= queue_data().mail_when_ahead  # told on the ticket itself: no mail
        ticket = Ticket.objects.create(
            office_id=office, day=clock.today(), letter=group.letter, number=take_number(office, clock.today(), group.letter),
            procedure_id=procedure, kind=Ticket.Kind.BOOKED if booking is not None else Ticket.Kind.WALK_IN,
            booking=booking, booked_at=booked_at, issued_at=now, estimate_minutes=estimate.minutes,
            token=secrets.token_urlsafe(18), email=email, lang=lang if lang in LANGUAGES else "ja",
            near_told_at=now if email and near else None,
        )
        record(actor, "issue", "queue-ticket", ticket.pk, reason="mail address given" if email else "",
               detail={**_audit(ticket), **({"booking": booking.pk} if booking else {}), **({"email": "given"} if email else {})})
        changed(office)
    return ticket


def issue(actor: Actor, office: str | None, procedure: str, *, email: str = "", lang: str = "ja") -> Ticket:
    """A walk-in's ticket at reception, at the kiosk (or a ticket machine through the API)."""
    return _issue(actor, office_id(office), procedure, email=email, lang=lang)


def set_email(actor: Actor, ticket: Ticket, email: str, lang: str) -> Ticket:
    """The resident gives (or changes, or with a blank removes) the address on their
    phone page while they wait. Audited; the address itself is never in the audit."""
    email = clean_email(email)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.state != Ticket.State.WAITING:
            raise QueueError("wrong_state", status=409, field="email", number=ticket.label,
                             state=messages()[f"queue.state.{ticket.state}"])
        ticket.email = email
        ticket.lang = lang if lang in LANGUAGES else "ja"
        ticket.near_told_at = None
        ticket.save(update_fields=["email", "lang", "near_told_at"])
        record(actor, "set-email" if email else "remove-email", "queue-ticket", ticket.pk,
               reason="the resident asked to be told by mail" if email else "the resident removed the address",
               detail={"number": ticket.label, "lang": ticket.lang})
        changed(ticket.office_id)
        after_commit(ticket.office_id)  # a ticket already near is told at once
    return ticket


def issue_for_booking(actor: Actor, booking) -> Ticket:
    """The ticket of a checked-in booking: the booked time goes with it. Once per booking:
    checking in again gives the same ticket. Call inside the check-in's transaction."""
    from madoguchi.booking.models import Booking

    existing = Ticket.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN):
        raise QueueError("booking_not_active", status=409, field="booking_reference")
    if booking.slot.date != clock.today():
        raise QueueError("booking_not_today", status=409, field="booking_reference")
    if queue_data().group_of(booking.procedure_id) is None:
        raise QueueError("booking_not_queued", status=409, field="booking_reference")
    booked_at = datetime.combine(booking.slot.date, booking.slot.start, tzinfo=clock.TOKYO)
    return _issue(actor, booking.slot.office_id, booking.procedure_id, booking=booking, booked_at=booked_at)


def is_queued(procedure: str) -> bool:
    return queue_data().group_of(procedure) is not None
