"""Service details the scenarios do not show."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.booking.models import PickupNotice
from madoguchi.counter.models import Card
from madoguchi.counter.services import reissue

from .conftest import CLERK, make_resident

pytestmark = pytest.mark.django_db


def test_an_arrival_registers_the_pickup_under_the_same_notice_number(now):
    resident = make_resident()
    card = Card.objects.create(resident=resident, status="ordered", application_received=date(2026, 10, 20))
    reissue.record_arrival(CLERK, card.pk, serial="AB1", issued=date(2026, 11, 20), notice_number="n-2026 0001", pickup_deadline=date(2027, 2, 20))
    card.refresh_from_db()
    notice = PickupNotice.objects.get()
    assert card.notice_number == notice.notice_number == "N20260001"
    assert (notice.birth_date, notice.card_ref) == (resident.birth_date, str(card.pk))
