"""Opening slots from the calendar, the seats staff set, and blocking.

Slot times come from rules.slots (which asks the calendar); this module only
stores them with the seats staff chose for the office and procedure. Blocking
a slot or a whole day (a J-LIS outage, say) stops new bookings and flags every
booking on it for the city to notify.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import section
from madoguchi.rules.slots import slot_plan
from madoguchi.core.city import municipality

from ..models import Booking, Slot, SlotCapacity
from . import waiting_list
from .errors import BookingError

MESSAGES = section("booking.slots")  # texts in booking/services/messages.yaml

MAX_SEATS = 200
BLOCKED = "slot_blocked"


def _fail(code: str, **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=422)


def _office_id(office_id: str | None) -> str:
    try:
        return municipality().city.office(office_id).id
    except KeyError:
        raise _fail("unknown_office", office=office_id) from None


def seats_for(office_id: str, procedure_id: str) -> int:
    found = SlotCapacity.objects.filter(office_id=office_id, procedure_id=procedure_id).values_list("seats", flat=True).first()
    return settings.BOOKING_DEFAULT_SEATS if found is None else found


def open_slots(procedure_id: str, start: date, end: date, office_id: str | None = None) -> int:
    """Store the calendar's slots from `start` to `end`; existing ones are kept. Returns how many were added."""
    office = _office_id(office_id)
    plan = slot_plan(municipality(), procedure_id, start, end, settings.BOOKING_SLOT_MINUTES, office)
    seats = seats_for(office, procedure_id)
    new = [
        Slot(
            office_id=office,
            procedure_id=procedure_id,
            date=s.date,
            start=time(s.interval.start // 60, s.interval.start % 60),
            end=time(s.interval.end // 60, s.interval.end % 60) if s.interval.end < 24 * 60 else time(23, 59),
            capacity=seats,
        )
        for s in plan
    ]
    with transaction.atomic():
        before = Slot.objects.filter(office_id=office, procedure_id=procedure_id, date__range=(start, end)).count()
        Slot.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
        after = Slot.objects.filter(office_id=office, procedure_id=procedure_id, date__range=(start, end)).count()
    return after - before


def available(procedure_id: str, start: date, end: date, office_id: str | None = None) -> list[Slot]:
    """The slots residents may choose (future, not blocked), full ones included so they can wait."""
    now = clock.now()
    slots = Slot.objects.filter(procedure_id=procedure_id, date__range=(start, end), blocked=False)
    if office_id:
        slots = slots.filter(office_id=office_id)
    return [s for s in slots.order_by("date", "start") if datetime.combine(s.date, s.start, tzinfo=clock.TOKYO) > now]


def _check_seats(seats: object) -> int:
    try:
        value = int(seats)
    except (TypeError, ValueError):
        value = -1
    if not (0 <= value <= MAX_SEATS):
        raise _fail("seats_range", max=MAX_SEATS)
    return value


def set_seats(actor: Actor, office_id: str, procedure_id: str, seats: object) -> int:
    """Staff set the seats per slot; future slots follow (never below what is booked)."""
    value = _check_seats(seats)
    office = _office_id(office_id)
    municipality().catalog.get(procedure_id)
    with transaction.atomic():
        SlotCapacity.objects.update_or_create(
            office_id=office, procedure_id=procedure_id,
            defaults={"seats": value, "updated_at": clock.now(), "updated_by": actor.name},
        )
        future = Slot.objects.filter(office_id=office, procedure_id=procedure_id, date__gte=clock.today())
        future.update(capacity=Greatest(F("booked"), value))
        record(actor, "update", "slot-capacity", f"{office}:{procedure_id}", detail={"seats": value})
        # More seats serve the waiting lists first, in order.
        waited = future.filter(waiting__status="waiting").values_list("id", flat=True).distinct()
        for slot_id in list(waited):
            waiting_list.promote(slot_id)
    return value


def set_slot_capacity(actor: Actor, slot: Slot, seats: object) -> Slot:
    value = _check_seats(seats)
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        if value < slot.booked:
            raise _fail("below_booked", booked=slot.booked)
        slot.capacity = value
        slot.save(update_fields=["capacity"])
        record(actor, "update", "slot", slot.pk, detail={"capacity": value})
        waiting_list.promote(slot.pk)
    return slot


def _block(actor: Actor, slots, reason: str, subject: str) -> int:
    reason = (reason or "").strip()
    if not reason:
        raise _fail("reason_missing")
    try:  # residents are told it, and the audit log keeps it for good
        check_line(reason, max_length=200)
    except FreeTextError as e:
        raise BookingError(e.code, e.text, status=422, field="reason") from None
    with transaction.atomic():
        ids = list(slots.select_for_update().values_list("id", flat=True))
        Slot.objects.filter(id__in=ids).update(blocked=True, block_reason=reason[:200])
        flagged = Booking.objects.filter(slot_id__in=ids, status=Booking.Status.CONFIRMED)
        flagged_ids = list(flagged.values_list("id", flat=True))
        flagged.update(needs_notice=True, notice_reason=f"{BLOCKED}: {reason[:150]}")
        record(actor, "block", "slot", subject, reason=reason, detail={"slots": ids, "bookings_flagged": flagged_ids})
    return len(flagged_ids)


def block_slot(actor: Actor, slot: Slot, reason: str) -> int:
    """Stop bookings on one slot; returns how many bookings were flagged for notice."""
    return _block(actor, Slot.objects.filter(pk=slot.pk), reason, str(slot.pk))


def block_day(actor: Actor, office_id: str, day: date, reason: str) -> int:
    """Stop every procedure's bookings at an office on a day (a J-LIS outage)."""
    office = _office_id(office_id)
    return _block(actor, Slot.objects.filter(office_id=office, date=day), reason, f"{office}:{day.isoformat()}")


def _unblock(actor: Actor, slots, subject: str) -> int:
    with transaction.atomic():
        ids = list(slots.filter(blocked=True).select_for_update().values_list("id", flat=True))
        Slot.objects.filter(id__in=ids).update(blocked=False, block_reason="")
        record(actor, "unblock", "slot", subject, detail={"slots": ids})
        # Those who waited for a stopped time are served first, in order.
        for slot_id in ids:
            waiting_list.promote(slot_id)
    return len(ids)


def unblock_slot(actor: Actor, slot: Slot) -> Slot:
    _unblock(actor, Slot.objects.filter(pk=slot.pk), str(slot.pk))
    slot.refresh_from_db()
    return slot


def unblock_day(actor: Actor, office_id: str, day: date) -> int:
    """Reopen every stopped slot of an office's day (the outage is over); returns how many."""
    office = _office_id(office_id)
    return _unblock(actor, Slot.objects.filter(office_id=office, date=day), f"{office}:{day.isoformat()}")
