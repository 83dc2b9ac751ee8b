"""Pickup pages: the notice check, the lock, then booking within the deadline."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import pickups
from madoguchi.booking.services import slots as slot_services

from ..conftest import OPEN_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(db):
    slot_services.open_slots("card-pickup", OPEN_DAY, date(2026, 12, 4))
    return pickups.register_arrival(
        notice_number="A12345", birth_date=date(1985, 4, 1), holder_name="小金井 花子",
        office_id=None, pickup_deadline=date(2026, 11, 30), card_ref=None,
    )


def test_pickup_booking_from_notice_to_confirmation(notice):
    client = Client()
    assert "交付通知書" in client.get("/ja/book/card-pickup/").content.decode()
    response = client.post("/ja/book/card-pickup/", {"notice_number": "a12345", "birth_date": "1985-04-01"})
    assert response.status_code == 302 and "?v=" in response["Location"]
    days_html = client.get(response["Location"]).content.decode()
    assert "小金井 花子" in days_html and "2026-11-24" in days_html and "2026-12-01" not in days_html
    query = "?" + response["Location"].split("?")[1]
    slot = Slot.objects.filter(procedure_id="card-pickup", date=OPEN_DAY).first()
    booked = client.post(f"/ja/book/card-pickup/slot/{slot.pk}/{query}", {"name": "小金井 花子", "name_kana": "コガネイ ハナコ", "phone": "090-1234-5678"})
    assert booked.status_code == 302
    assert Booking.objects.get().pickup == notice


def test_a_wrong_pair_then_the_lock(notice):
    client = Client()
    for n in range(4):
        html = client.post("/en/book/card-pickup/", {"notice_number": f"B{n}", "birth_date": "1985-04-02"}).content.decode()
        assert "could not match that notice number and birth date" in html
    locked = client.post("/en/book/card-pickup/", {"notice_number": "A12345", "birth_date": "1985-04-02"})
    assert locked.status_code == 429 and "locked until 10:15" in locked.content.decode()


def test_a_number_tried_too_often_is_locked_and_the_resident_told_to_phone(notice):
    for n in range(5):
        Client(REMOTE_ADDR=f"203.0.113.{n}").post("/en/book/card-pickup/", {"notice_number": "A12345", "birth_date": "1985-04-02"})
    locked = Client(REMOTE_ADDR="198.51.100.1").post("/easy/book/card-pickup/", {"notice_number": "A12345", "birth_date": "1985-04-01"})
    assert locked.status_code == 429
    assert "<ruby>市民課<rt>しみんか</rt></ruby>（042-387-9830）に <ruby>電話<rt>でんわ</rt></ruby>" in locked.content.decode()


def test_a_my_number_in_the_notice_box_is_refused_and_not_shown_back(notice):
    response = Client().post("/ja/book/card-pickup/", {"notice_number": "1234-5678-9018", "birth_date": "1985-04-01"})
    html = response.content.decode()
    assert response.status_code == 200 and "マイナンバー（個人番号）と思われる12桁の番号" in html
    assert "9018" not in html


def test_the_slot_form_needs_a_checked_notice(notice):
    client = Client()
    response = client.get("/ja/book/card-pickup/slot/1/?v=forged")
    assert response.status_code in (302, 404)
