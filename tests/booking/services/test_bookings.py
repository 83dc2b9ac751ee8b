"""Booking a seat, the guard on the last seat, moving, cancelling, check-in."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.core import clock
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


def _day_slots():
    return list(Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).order_by("start"))


def test_full_offers_the_next_times_with_room_for_the_party(slot):
    first, second, third, fourth, *_ = _day_slots()
    Slot.objects.filter(pk=first.pk).update(capacity=1, booked=1)
    Slot.objects.filter(pk=second.pk).update(capacity=4, booked=3)  # one seat: not enough for two
    Slot.objects.filter(pk=third.pk).update(blocked=True, block_reason="J-LIS")
    with pytest.raises(BookingError) as full:
        bookings.book(Actor.public(), first.pk, PROCEDURE, make_visitor(party=2))
    offered = full.value.alternatives
    assert offered[0].pk == fourth.pk and len(offered) == bookings.ALTERNATIVES
    assert all(s.remaining >= 2 and s.procedure_id == PROCEDURE for s in offered)
    assert [(s.date, s.start) for s in offered] == sorted((s.date, s.start) for s in offered)


def test_full_offers_no_time_someone_is_waiting_for_or_already_begun(slot):
    from madoguchi.booking.services import waiting_list

    first, second, *rest = _day_slots()
    Slot.objects.filter(pk__in=[first.pk, second.pk]).update(capacity=1, booked=1)
    waiting_list.join(Actor.public(), Slot.objects.get(pk=second.pk), make_visitor(9))
    Slot.objects.filter(pk=second.pk).update(capacity=4)  # room, but the waiting resident is first in line
    with clock.pinned(clock.now().replace(day=24, hour=8, minute=45)):  # the 08:30 slot has begun
        offered = bookings.alternatives(Slot.objects.get(pk=first.pk), 1)
    assert second.pk not in [s.pk for s in offered] and first.pk not in [s.pk for s in offered]
    assert offered[0].pk == rest[0].pk


def test_a_move_to_a_full_time_offers_others_but_not_the_booked_one(slot):
    first, second, *rest = _day_slots()
    booking = bookings.book(Actor.public(), first.pk, PROCEDURE, make_visitor()).booking
    Slot.objects.filter(pk=second.pk).update(capacity=1, booked=1)
    with pytest.raises(BookingError) as full:
        bookings.move(Actor.public(), booking, second.pk)
    offered = [s.pk for s in full.value.alternatives]
    assert full.value.code == "full" and first.pk not in offered and offered[0] == rest[0].pk


def test_when_nothing_later_has_room_the_nearest_earlier_times_are_offered(slot):
    day = _day_slots()
    last = day[-1]
    Slot.objects.filter(pk__in=[s.pk for s in day[-3:]]).update(capacity=1, booked=1)  # the day's last three are full
    offered = bookings.alternatives(Slot.objects.get(pk=last.pk), 1)
    assert [s.pk for s in offered] == [s.pk for s in day[-8:-3]]  # the five just before, in time order


def test_the_audit_entry_is_the_bookings_last_statement_before_its_commit(slot):
    """On PostgreSQL the entry takes the audit chain's lock until the commit, so a booking
    writes its mail's row first: what came after the entry held every other booking back."""
    from django.db import connection

    statements: list[str] = []

    def keep(execute, sql, params, many, context):
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):  # the test's own transaction around the booking's
            statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor())
    audit_writes = [i for i, sql in enumerate(statements) if "audit_append" in sql or 'INSERT INTO "audit_auditentry"' in sql]
    notice_writes = [i for i, sql in enumerate(statements) if "notices_notice" in sql and "INSERT" in sql]
    assert audit_writes and notice_writes, statements
    assert audit_writes[-1] == len(statements) - 1, statements[audit_writes[-1]:]  # nothing after it but the commit
    assert notice_writes[-1] < audit_writes[0]
