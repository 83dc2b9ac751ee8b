"""Shared set-up for the queue tests: a pinned clock on an open counter day."""

from __future__ import annotations

from datetime import datetime

import pytest

from madoguchi.core import clock
from madoguchi.audit.services import Actor

# Tuesday 24 November 2026, 9:00 in Koganei: the counter is open.
DAY = datetime(2026, 11, 24, 9, 0, tzinfo=clock.TOKYO)
OFFICE = "citizen-division"
CLERK = Actor("clerk1", "clerk")
RENEW = "certificate-renewal"  # group A; windows 1 and 2
PICKUP = "card-pickup"  # group B; windows 3 and 4


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return DAY.replace(hour=int(h), minute=int(m))


@pytest.fixture(autouse=True)
def pinned_now():
    from madoguchi.queue.services import board

    board._cache.clear()  # each test's database starts its versions again
    with clock.pinned(DAY):
        yield


def book(hhmm: str, procedure: str = RENEW, n: int = 1):
    """A booking for the day at hh:mm, made the day before."""
    from madoguchi.booking.models import Slot
    from madoguchi.booking.services import bookings
    from madoguchi.booking.services import slots as slot_services
    from madoguchi.booking.services.visitor import Visitor

    with clock.pinned(DAY.replace(day=DAY.day - 1, hour=12)):
        slot_services.open_slots(procedure, DAY.date(), DAY.date())
        slot = Slot.objects.get(procedure_id=procedure, date=DAY.date(), start=at(hhmm).time())
        return bookings.book(CLERK, slot.pk, procedure, Visitor(f"小金井 花子{n}", "コガネイ ハナコ", f"h{n}@example.jp", "", 1))
