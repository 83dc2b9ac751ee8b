"""The demo data: slots for every bookable procedure for eight weeks, idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from madoguchi.core import clock
from madoguchi.booking import demo
from madoguchi.booking.models import Booking, PickupNotice, Slot
from madoguchi.booking.services import pickups
from madoguchi.core.city import municipality

pytestmark = pytest.mark.django_db


def test_demo_opens_eight_weeks_for_every_bookable_procedure_and_runs_twice():
    summary = demo.seed()
    bookable = {p.id for p in municipality().catalog.all() if p.bookable}
    assert set(Slot.objects.values_list("procedure_id", flat=True)) == bookable
    last = Slot.objects.order_by("-date").first().date
    assert last >= clock.today() + timedelta(days=50)
    assert not Slot.objects.filter(date=clock.today().replace(day=22)).exists()  # the maintenance Sunday (22 Nov)
    counts = (Slot.objects.count(), Booking.objects.count(), PickupNotice.objects.count())
    assert demo.seed() and (Slot.objects.count(), Booking.objects.count(), PickupNotice.objects.count()) == counts
    assert counts[1] == 3 and "DEMO-0001" in summary
    assert pickups.verify("demo-client", "DEMO-0001", demo.DEMO_CARDS[0][1]).holder_name == "貫井 花子"
