"""Fictional residents, cards, pickups and bookings for the notice batch."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

import pytest

from madoguchi.core.clock import TOKYO

_serial = itertools.count(1)


@pytest.fixture
def make_card(db):
    from madoguchi.counter.models import Card, Certificate, Resident

    def make(*, expires: date, basis: str = "birthday", cert_expires: date | None = None, status: str = "active", name="小金 太郎",
             residence_card: bool = False):
        n = next(_serial)
        family, given = name.split()
        resident = Resident.objects.create(
            family_name=family,
            given_name=given,
            family_name_kana="コガネ",
            given_name_kana="タロウ",
            birth_date=date(1980, 4, 1),
            sex="male",
            address=f"東京都小金井市本町{n}-1-1",
            household=f"H{n:06d}",
            nationality="" if basis == "birthday" else "VN",
            period_of_stay_end=expires if basis == "period_of_stay" else None,
        )
        # A 特定在留カード can only be issued from 2026-06-14 (data/national/rules.yaml).
        issued = date(2026, 7, 1) if residence_card else date(2020, 1, 10)
        card = Card.objects.create(resident=resident, status=status, issued=issued, expires=expires, expiry_basis=basis,
                                   serves_as_residence_card=residence_card)
        if cert_expires:
            Certificate.objects.create(card=card, kind="user", status="active", issued=date(2020, 1, 10), expires=cert_expires)
            Certificate.objects.create(card=card, kind="signature", status="active", issued=date(2020, 1, 10), expires=cert_expires)
        return card

    return make


@pytest.fixture
def make_pickup(db):
    from madoguchi.booking.models import PickupNotice

    def make(*, notice_number: str, arrived: date, deadline: date, card=None):
        if card is not None:
            card.notice_number = notice_number
            card.save(update_fields=["notice_number"])
        return PickupNotice.objects.create(
            notice_number=notice_number,
            birth_date=date(1980, 4, 1),
            holder_name="小金 花子",
            office_id="citizen-division",
            pickup_deadline=deadline,
            arrived_at=datetime.combine(arrived, time(10, 0), tzinfo=TOKYO),
        )

    return make


@pytest.fixture
def make_booking(db):
    from madoguchi.booking.models import Booking, Slot

    def make(*, day: date, email: str = "hanako@example.jp", status: str = "confirmed"):
        n = next(_serial)
        slot = Slot.objects.create(
            office_id="citizen-division", procedure_id="pin-reset", date=day, start=time(9, n % 60), end=time(9, 30), capacity=5, booked=1
        )
        return Booking.objects.create(
            reference=f"R{n:07d}",
            slot=slot,
            procedure_id="pin-reset",
            name="小金 花子",
            name_kana="コガネ ハナコ",
            email=email,
            party_size=1,
            token_hash=f"{n:064d}",
            status=status,
            created_at=datetime(2026, 11, 1, 9, 0, tzinfo=TOKYO),
        )

    return make
