"""Booking a seat, moving it, cancelling it, and the counter's check-in.

The seat itself (the guarded UPDATE, the insert, the release, the slot's
checks) is `seats.py`, which the waiting list and pickups use too.
docs/booking.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.messages import section

from ..models import Booking, PickupNotice, Slot, WaitingEntry
from . import confirmations, seats, waiting_list
from .errors import BookingError
from .tokens import new_link, token_hash
from .seats import check_bookable, create_booking, load_slot, release_seats, take_seats
from .visitor import Visitor

__all__ = ["check_bookable", "create_booking", "load_slot", "release_seats", "take_seats"]  # the pages and API call them here too

MESSAGES = section("booking.bookings")  # texts in booking/services/messages.yaml


def _fail(code: str, status: int = 422, field: str | None = "slot_id", **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=status, field=field)


@dataclass(frozen=True)
class Confirmation:
    """A new booking and the secret token, shown once and never stored."""

    booking: Booking
    token: str


ALTERNATIVES = 5


def alternatives(slot: Slot, party: int, *, until: date | None = None, limit: int = ALTERNATIVES) -> list[Slot]:
    """What a resident told "full" can book instead: times of the same
    procedure with room for the party now, the nearest after the full slot
    first, then the nearest before it (up to `until`, a pickup's deadline)."""
    now = clock.now().astimezone(clock.TOKYO)
    today, time_now = now.date(), now.time().replace(tzinfo=None, microsecond=0)
    last = today + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    if until is not None:
        last = min(last, until)
    waiting = WaitingEntry.objects.filter(slot=OuterRef("pk"), status=WaitingEntry.Status.WAITING)
    open_ = (
        Slot.objects.filter(procedure_id=slot.procedure_id, blocked=False, booked__lte=F("capacity") - party,
                            date__gte=today, date__lte=last)
        .exclude(pk=slot.pk)
        .exclude(date=today, start__lte=time_now)
        .exclude(Exists(waiting))
    )
    after = Q(date__gt=slot.date) | Q(date=slot.date, start__gt=slot.start)
    found = list(open_.filter(after).order_by("date", "start", "id")[:limit])
    if len(found) < limit:
        found += open_.exclude(after).order_by("-date", "-start", "-id")[: limit - len(found)]
    return sorted(found, key=lambda s: (s.date, s.start, s.pk))


def _full(slot: Slot, party: int, pickup: PickupNotice | None, *, booked_slot_id: int | None = None) -> BookingError:
    """409 "full", with the times to book instead (a pickup's only up to its
    deadline; never the slot the booking already holds)."""
    until = pickup.pickup_deadline if pickup is not None else None
    offered = [s for s in alternatives(slot, party, until=until, limit=ALTERNATIVES + 1) if s.pk != booked_slot_id]
    return BookingError("full", MESSAGES["full"], status=409, field="slot_id", alternatives=offered[:ALTERNATIVES])


def book(actor: Actor, slot_id: object, procedure_id: str, visitor: Visitor, *, pickup: PickupNotice | None = None) -> Confirmation:
    """Book `visitor` into a slot: 201 with a token, or BookingError (409 when full)."""
    slot_pk = seats.slot_pk(slot_id)
    seed, token = new_link()
    with transaction.atomic():
        booking = create_booking(
            actor, slot_pk, procedure_id, visitor, pickup=pickup, token_digest=token_hash(token), link_seed=seed, after=clock.now(),
            audit_later=True,
        )
        if booking is None:
            # Say why: a wrong or past slot is bad input (422), a full or blocked one 409.
            slot = load_slot(slot_pk)
            check_bookable(slot, procedure_id)
            raise _full(slot, visitor.party_size, pickup)
        if pickup is not None:
            # Conditional, so two tabs booking the same card cannot both win.
            if not PickupNotice.objects.filter(pk=pickup.pk, status=PickupNotice.Status.WAITING).update(
                status=PickupNotice.Status.BOOKED
            ):
                raise seats.already_booked_error()
        confirmations.tell(confirmations.MADE, booking)
        seats.record_created(actor, booking)  # last: the audit chain's lock is held from here to the commit
    return Confirmation(booking, token)


def find_by_token(actor: Actor, token: str) -> Booking | None:
    """The booking behind a secret link (its reading is audited), or None."""
    if not token or len(token) > 100:
        return None
    booking = Booking.objects.select_related("slot").filter(token_hash=token_hash(token)).first()
    if booking is not None:
        with transaction.atomic():
            record(actor, "read", "booking", booking.pk, reason="resident opened the secret link", detail={"reference": booking.reference})
    return booking


def _locked(booking: Booking) -> Booking:
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if locked.status != Booking.Status.CONFIRMED:
        raise _fail("not_active", status=409, field=None)
    return locked


def cancel(actor: Actor, booking: Booking, reason: str = "cancelled by the resident") -> Booking:
    """Cancel, free the seats, and give them to the waiting list in order."""
    with transaction.atomic():
        booking = _locked(booking)
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        release_seats(booking.slot_id, booking.party_size)
        if booking.pickup_id:
            PickupNotice.objects.filter(pk=booking.pickup_id, status=PickupNotice.Status.BOOKED).update(
                status=PickupNotice.Status.WAITING
            )
        record(actor, "cancel", "booking", booking.pk, reason=reason, detail=seats.audit_detail(booking))
        confirmations.tell(confirmations.CANCELLED, booking)
        waiting_list.promote(booking.slot_id)
    return booking


def move(actor: Actor, booking: Booking, new_slot_id: object) -> Booking:
    """Change the time: the new seat is taken before the old one is freed, in one transaction."""
    new_slot = load_slot(new_slot_id)
    check_bookable(new_slot, booking.procedure_id)
    if booking.pickup_id and new_slot.date > booking.pickup.pickup_deadline:
        raise seats.deadline_error(booking.pickup.pickup_deadline)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.slot_id == new_slot.pk:
            raise _fail("same_slot")
        taken = take_seats(new_slot.pk, booking.party_size)
        if taken is None:
            raise _full(new_slot, booking.party_size, booking.pickup if booking.pickup_id else None, booked_slot_id=booking.slot_id)
        old_slot_id = booking.slot_id
        booking.slot = taken
        booking.needs_notice = False
        booking.notice_reason = ""
        booking.save(update_fields=["slot", "needs_notice", "notice_reason"])
        release_seats(old_slot_id, booking.party_size)
        record(actor, "update", "booking", booking.pk, reason="moved", detail={**seats.audit_detail(booking), "from_slot": old_slot_id})
        confirmations.tell(confirmations.CHANGED, booking)
        waiting_list.promote(old_slot_id)
    return booking


def check_in(actor: Actor, booking: Booking) -> Booking:
    with transaction.atomic():
        booking = _locked(booking)
        if booking.slot.date != clock.today():
            raise _fail("not_today", status=409, field=None)
        booking.status = Booking.Status.CHECKED_IN
        booking.checked_in_at = clock.now()
        booking.save(update_fields=["status", "checked_in_at"])
        record(actor, "check-in", "booking", booking.pk, detail=seats.audit_detail(booking))
        from madoguchi.queue.services.tickets import is_queued, issue_for_booking  # its ticket for the line

        if is_queued(booking.procedure_id):
            issue_for_booking(actor, booking)
    return booking


def mark_no_show(actor: Actor, booking: Booking) -> Booking:
    """The resident did not come: the seat is not freed (its time has passed)."""
    with transaction.atomic():
        booking = _locked(booking)
        booking.status = Booking.Status.NO_SHOW
        booking.save(update_fields=["status"])
        record(actor, "no-show", "booking", booking.pk, detail=seats.audit_detail(booking))
    return booking


def day_list(actor: Actor, office_id: str, day: date) -> list[Booking]:
    """An office's bookings of one day, for the counter; the reading is audited."""
    bookings = list(
        Booking.objects.select_related("slot", "queue_ticket")
        .filter(slot__office_id=office_id, slot__date=day)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("slot__start", "id")
    )
    with transaction.atomic():
        record(actor, "read", "booking-day", f"{office_id}:{day.isoformat()}", detail={"bookings": [b.pk for b in bookings]})
    return bookings
