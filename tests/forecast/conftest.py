"""The forecast's fixtures: a register written through the models (so the
stored derived dates come from the same save every counter service uses)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from madoguchi.core import clock
from madoguchi.counter.models import Card, Certificate, Resident
from madoguchi.forecast import minutes


@pytest.fixture(autouse=True)
def fresh_minutes():
    minutes._kept.clear()  # the kept answer is per database state; tests roll theirs back
    yield
    minutes._kept.clear()


@pytest.fixture
def now():
    """Tuesday 1 December 2026, 10:00 in Koganei."""
    with clock.pinned(datetime(2026, 12, 1, 10, 0, tzinfo=clock.TOKYO)):
        yield


def add_card(n: int, birth: date, issued: date, validity, *, stay_end: date | None = None, status: str = "active") -> Card:
    resident = Resident.objects.create(
        family_name="架空", given_name=str(n), family_name_kana="カクウ", given_name_kana="タロウ", birth_date=birth,
        sex="female", address="東京都小金井市本町1-1-1", household=f"H{n}", period_of_stay_end=stay_end,
    )  # fmt: skip
    card = Card.objects.create(
        resident=resident, status=status, issued=issued, expires=validity.card_expires, expiry_basis=validity.card_expiry_basis,
    )  # fmt: skip
    Certificate.objects.create(card=card, kind="user", status="active", issued=issued, expires=validity.user_certificate_expires)
    if validity.signature_certificate_expires:
        Certificate.objects.create(
            card=card, kind="signature", status="active", issued=issued, expires=validity.signature_certificate_expires
        )
    return card
