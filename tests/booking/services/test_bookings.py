"""Booking a seat, the guard on the last seat, moving, cancelling, check-in."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services.errors import BookingError
from madoguchi.booking.services.tokens import token_hash

from ..conftest import CLERK, OPEN_DAY, PROCEDURE, make_visitor

pytestmark = pytest.mark.django_db


def test_a_booking_takes_seats_stores_only_the_token_hash_and_is_audited(slot):
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(party=2))
    booking = confirmation.booking
    slot.refresh_from_db()
    assert slot.booked == 2 and slot.remaining == 2
    assert booking.token_hash == token_hash(confirmation.token) != confirmation.token
    assert len(booking.reference) == 9 and booking.reference[4] == "-"
    entry = AuditEntry.objects.get(subject_type="booking", subject_id=str(booking.pk), action="create")
    assert entry.detail["reference"] == booking.reference and "小金井" not in str(entry.detail)


def test_the_last_seat_goes_to_one_booking_and_the_next_gets_409(slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1)
    bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1))
    with pytest.raises(BookingError) as full:
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(2))
    assert full.value.status == 409 and full.value.code == "full"
    assert Booking.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_party_larger_than_the_remaining_seats_is_refused_whole(slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=3, booked=2)
    with pytest.raises(BookingError) as full:
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(party=2))
    assert full.value.code == "full"
    slot.refresh_from_db()
    assert slot.booked == 2


@pytest.mark.parametrize(
    "slot_id, procedure, code",
    [("nonsense", PROCEDURE, "slot_not_found"), (10**12, PROCEDURE, "slot_not_found"), (None, "pin-reset", "wrong_procedure")],
)
def test_bad_slot_or_procedure_changes_nothing(slot, slot_id, procedure, code):
    with pytest.raises(BookingError) as error:
        bookings.book(Actor.public(), slot_id if slot_id is not None else slot.pk, procedure, make_visitor())
    assert error.value.code == code and error.value.status == 422
    assert error.value.message("ja") != error.value.message("en")
    assert not Booking.objects.exists()


def test_a_slot_already_begun_cannot_be_booked(slot):
    with clock.pinned(clock.now().replace(year=2026, month=11, day=24, hour=9)):
        with pytest.raises(BookingError) as error:
            bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor())
    assert error.value.code == "slot_past"


def test_cancel_frees_the_seats_and_the_token_finds_nothing_active(slot):
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(party=3))
    found = bookings.find_by_token(Actor.public(), confirmation.token)
    assert found == confirmation.booking
    assert bookings.find_by_token(Actor.public(), "wrong-token") is None
    bookings.cancel(Actor.public(), found)
    slot.refresh_from_db()
    assert slot.booked == 0
    with pytest.raises(BookingError) as again:
        bookings.cancel(Actor.public(), found)
    assert again.value.code == "not_active"


def test_move_takes_the_new_seat_and_frees_the_old(slot):
    other = Slot.objects.filter(date=OPEN_DAY, procedure_id=PROCEDURE).exclude(pk=slot.pk).first()
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(party=2)).booking
    bookings.move(Actor.public(), booking, other.pk)
    slot.refresh_from_db()
    other.refresh_from_db()
    assert (slot.booked, other.booked) == (0, 2)
    with pytest.raises(BookingError) as same:
        bookings.move(Actor.public(), Booking.objects.get(pk=booking.pk), other.pk)
    assert same.value.code == "same_slot"


def test_check_in_only_on_the_day_and_no_show(slot):
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor()).booking
    with pytest.raises(BookingError) as early:
        bookings.check_in(CLERK, booking)
    assert early.value.code == "not_today"
    with clock.pinned(clock.now().replace(month=11, day=24, hour=8)):
        assert bookings.check_in(CLERK, booking).status == Booking.Status.CHECKED_IN
    other = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(2)).booking
    assert bookings.mark_no_show(CLERK, other).status == Booking.Status.NO_SHOW
    assert [b.pk for b in bookings.day_list(CLERK, "citizen-division", date(2026, 11, 24))] == [booking.pk, other.pk]
    assert AuditEntry.objects.filter(action="read", subject_type="booking-day").exists()
