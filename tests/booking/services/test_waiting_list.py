"""A freed seat goes to the next in line, never to whoever asks first after."""

from __future__ import annotations

import pytest

from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot, WaitingEntry
from madoguchi.booking.services import bookings, waiting_list
from madoguchi.booking.services.errors import BookingError

from ..conftest import PROCEDURE, make_visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_slot(slot) -> tuple[Slot, Booking]:
    Slot.objects.filter(pk=slot.pk).update(capacity=1)
    slot.refresh_from_db()
    return slot, bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1)).booking


def test_joining_a_slot_with_room_is_refused(slot):
    with pytest.raises(BookingError) as error:
        waiting_list.join(Actor.public(), slot, make_visitor())
    assert error.value.code == "not_full"


def test_a_cancelled_seat_goes_to_the_first_in_line_with_their_own_link(full_slot):
    slot, booking = full_slot
    first = waiting_list.join(Actor.public(), slot, make_visitor(2))
    second = waiting_list.join(Actor.public(), slot, make_visitor(3))
    bookings.cancel(Actor.public(), booking)
    first.entry.refresh_from_db()
    second.entry.refresh_from_db()
    assert first.entry.status == WaitingEntry.Status.BOOKED and second.entry.status == WaitingEntry.Status.WAITING
    promoted = bookings.find_by_token(Actor.public(), first.token)
    assert promoted.name == "小金井 太郎2" and promoted.needs_notice and promoted.notice_reason == waiting_list.PROMOTED
    # The slot is full again: a newcomer cannot jump the queue.
    with pytest.raises(BookingError):
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(4))


def test_while_someone_waits_a_free_seat_is_not_sold_to_a_newcomer(full_slot):
    slot, booking = full_slot
    big = waiting_list.join(Actor.public(), slot, make_visitor(2, party=2))
    bookings.cancel(Actor.public(), booking)  # one seat free; the first in line needs two
    big.entry.refresh_from_db()
    assert big.entry.status == WaitingEntry.Status.WAITING
    with pytest.raises(BookingError) as error:
        bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(5))
    assert error.value.code == "full"
    waiting_list.leave(Actor.public(), big.entry)
    assert bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(5)).booking.status == "confirmed"
