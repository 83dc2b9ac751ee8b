"""The counter's test fixtures: fictional residents and cards, a pinned clock, staff."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.counter.models import Card, Certificate, Resident
from madoguchi.counter.services.my_number import set_my_number

CLERK = Actor("tanaka", "clerk")
# Valid My Numbers (check digit per stdnum.jp.in_), fictional.
MY_NUMBER = "123456789018"
NEW_MY_NUMBER = "234567890121"


def make_resident(**fields) -> Resident:
    values = {
        "family_name": "小金井", "given_name": "花子", "family_name_kana": "コガネイ", "given_name_kana": "ハナコ",
        "birth_date": date(1990, 6, 15), "sex": "female", "address": "東京都小金井市本町六丁目6番3号",
        "household": "H0001",
    }  # fmt: skip
    number = fields.pop("my_number", MY_NUMBER)
    resident = Resident(**{**values, **fields})
    if number:
        set_my_number(resident, number)
    resident.save()
    return resident


def make_card(resident: Resident, *, user=None, signature=None, **fields) -> Card:
    values = {"status": "active", "issued": date(2020, 3, 10), "expires": date(2029, 6, 15), "expiry_basis": "birthday"}
    card = Card.objects.create(resident=resident, serial=fields.pop("serial", None), **{**values, **fields})
    renewed = {"status": "active", "issued": date(2024, 5, 1), "expires": date(2029, 6, 15)}
    Certificate.objects.create(card=card, kind="user", **(renewed if user is None else user))
    Certificate.objects.create(card=card, kind="signature", **(renewed if signature is None else signature))
    return card


@pytest.fixture
def now():
    """Tuesday 24 November 2026, 10:00 in Koganei: the counter is open."""
    with clock.pinned(datetime(2026, 11, 24, 10, 0, tzinfo=clock.TOKYO)):
        yield


@pytest.fixture
def api_token(db):
    from madoguchi.staff.services import create_api_token, create_staff

    admin = Actor("test", "administrator")
    create_staff(admin, username="tanaka", role="clerk", password="correct horse battery staple")
    made, token = create_api_token(admin, username="tanaka", name="counter terminal 1")
    # The scenarios travel years ahead; a token's own expiry is tested in tests/staff.
    type(made).objects.filter(pk=made.pk).update(expires_at=datetime(2100, 1, 1, tzinfo=clock.TOKYO))
    return token
