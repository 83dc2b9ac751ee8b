"""Slots come from the calendar; staff set seats and block slots or days."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.audit.models import AuditEntry

from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.errors import BookingError

from ..conftest import CLERK, OPEN_DAY, PROCEDURE, make_visitor

pytestmark = pytest.mark.django_db


def test_closed_days_get_no_slots_and_opening_twice_adds_nothing():
    added = slot_services.open_slots(PROCEDURE, date(2026, 11, 20), date(2026, 11, 24))
    days = set(Slot.objects.values_list("date", flat=True))
    # 21 Saturday closed, 22 maintenance Sunday, 23 national holiday.
    assert days == {date(2026, 11, 20), date(2026, 11, 24)}
    assert added == 2 * 17  # 8:30-17:00 in 30-minute slots
    assert slot_services.open_slots(PROCEDURE, date(2026, 11, 20), date(2026, 11, 24)) == 0


def test_an_ordinary_sunday_gets_its_morning_slots():
    slot_services.open_slots(PROCEDURE, date(2026, 11, 29), date(2026, 11, 29))
    starts = [s.start.strftime("%H:%M") for s in Slot.objects.order_by("start")]
    assert starts[0] == "09:00" and starts[-1] == "12:30" and len(starts) == 8


def test_my_number_change_has_no_weekend_slots():
    slot_services.open_slots("my-number-change", date(2026, 11, 28), date(2026, 11, 29))
    assert not Slot.objects.exists()


def test_staff_seats_apply_to_future_slots_but_never_below_booked(slot):
    bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(party=3))
    slot_services.set_seats(CLERK, "citizen-division", PROCEDURE, 1)
    slot.refresh_from_db()
    assert slot.capacity == 3  # kept at what is booked
    assert set(Slot.objects.exclude(pk=slot.pk).values_list("capacity", flat=True)) == {1}
    slot_services.open_slots(PROCEDURE, date(2026, 11, 25), date(2026, 11, 25))
    assert set(Slot.objects.filter(date=date(2026, 11, 25)).values_list("capacity", flat=True)) == {1}
    with pytest.raises(BookingError) as error:
        slot_services.set_slot_capacity(CLERK, slot, 2)
    assert error.value.code == "below_booked"
    with pytest.raises(BookingError):
        slot_services.set_seats(CLERK, "citizen-division", PROCEDURE, "many")


def test_blocking_a_day_flags_every_booking_and_stops_new_ones(slot):
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor()).booking
    slot_services.open_slots("card-pickup", OPEN_DAY, OPEN_DAY)
    with pytest.raises(BookingError):
        slot_services.block_day(CLERK, "citizen-division", OPEN_DAY, "  ")
    flagged = slot_services.block_day(CLERK, "citizen-division", OPEN_DAY, "J-LIS障害")
    assert flagged == 1
    booking.refresh_from_db()
    assert booking.needs_notice and "J-LIS障害" in booking.notice_reason
    assert not Slot.objects.filter(date=OPEN_DAY, blocked=False).exists()
    with pytest.raises(BookingError) as error:
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(2))
    assert error.value.code == "blocked" and error.value.status == 409
    assert slot_services.available(PROCEDURE, OPEN_DAY, OPEN_DAY) == []
    slot_services.unblock_slot(CLERK, slot)
    assert Booking.objects.count() == 1


def test_reopening_a_day_serves_those_who_waited_first(slot):
    from madoguchi.booking.models import WaitingEntry
    from madoguchi.booking.services import waiting_list

    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    waiting_list.join(Actor.public(), Slot.objects.get(pk=slot.pk), make_visitor(7))
    slot_services.block_day(CLERK, "citizen-division", OPEN_DAY, "J-LIS障害")
    Slot.objects.filter(pk=slot.pk).update(capacity=2)  # a seat came while the day was stopped
    assert slot_services.unblock_day(CLERK, "citizen-division", OPEN_DAY) == Slot.objects.filter(date=OPEN_DAY).count()
    assert not Slot.objects.filter(date=OPEN_DAY, blocked=True).exists()
    assert WaitingEntry.objects.get().status == "booked"
    assert slot_services.unblock_day(CLERK, "citizen-division", OPEN_DAY) == 0  # nothing left stopped
    assert AuditEntry.objects.filter(action="unblock", subject_id=f"citizen-division:{OPEN_DAY.isoformat()}").count() == 2


def test_more_seats_go_to_the_waiting_list_first(slot):
    from madoguchi.booking.models import WaitingEntry
    from madoguchi.booking.services import waiting_list

    slot_services.set_slot_capacity(CLERK, slot, 1)
    bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1))
    waiting = waiting_list.join(Actor.public(), slot, make_visitor(2))
    slot_services.set_seats(CLERK, "citizen-division", PROCEDURE, 2)
    waiting.entry.refresh_from_db()
    assert waiting.entry.status == WaitingEntry.Status.BOOKED
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked) == (2, 2)
