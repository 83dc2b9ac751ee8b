"""The residents' pages: procedure → day → slot → details → the booking's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.booking.models import Booking, Slot, WaitingEntry

from ..conftest import OPEN_DAY, PROCEDURE

pytestmark = pytest.mark.django_db
DETAILS = {"name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "taro@example.jp", "phone": "", "party_size": "2"}


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.parametrize("lang", ["ja", "en", "easy", "zh"])
def test_the_booking_path_in_every_language(client, slot, lang):
    html = client.get(f"/{lang}/book/{PROCEDURE}/").content.decode()
    day_url = f"/{lang}/book/{PROCEDURE}/{OPEN_DAY.isoformat()}/"
    assert day_url in html
    assert "2026-11-22" not in html  # the maintenance Sunday has no slots
    html = client.get(day_url).content.decode()
    slot_url = f"/{lang}/book/{PROCEDURE}/slot/{slot.pk}/"
    assert slot_url in html
    response = client.post(slot_url, DETAILS)
    assert response.status_code == 302
    manage_url = response["Location"]
    page = client.get(manage_url).content.decode()
    booking = Booking.objects.get()
    assert booking.reference in page and "<svg" in page and "booking.ics" in page
    assert booking.language == lang  # the notices about it will be in this language
    ics = client.get(manage_url.split("?")[0] + "booking.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"DTSTART" in ics.content and booking.reference.encode() in ics.content
    assert AuditEntry.objects.filter(subject_type="booking", action="read").exists()
    if lang == "zh":  # 中文 (ADR 0021): the page says it is Chinese, in Chinese
        assert '<html lang="zh-Hans">' in page and "预约成功。" in page


def test_a_form_error_names_the_field_and_books_nothing(client, slot):
    response = client.post(f"/en/book/{PROCEDURE}/slot/{slot.pk}/", {**DETAILS, "name_kana": "Taro"})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#f-name_kana"' in html and "katakana" in html
    assert 'aria-invalid="true"' in html and not Booking.objects.exists()


def test_a_full_slot_says_so_and_offers_the_waiting_list(client, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    response = client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS)
    assert response.status_code == 409 and "満員" in response.content.decode()
    day_html = client.get(f"/ja/book/{PROCEDURE}/{OPEN_DAY.isoformat()}/").content.decode()
    wait_url = f"/ja/book/{PROCEDURE}/slot/{slot.pk}/wait/"
    assert wait_url in day_html
    response = client.post(wait_url, DETAILS)
    assert response.status_code == 302
    assert "1番目" in client.get(response["Location"]).content.decode()
    assert WaitingEntry.objects.count() == 1


def test_a_full_slot_offers_the_next_free_times_and_books_one_with_the_same_details(client, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    html = client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS).content.decode()
    assert "次の時間はまだ空いています" in html
    targets = re.findall(r'form="f-booking" formaction="([^"]+)"', html)
    assert len(targets) == 5 and f"/slot/{slot.pk}/" not in targets[0]
    response = client.post(targets[0], DETAILS)  # what pressing the first button sends
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.name == DETAILS["name"] and f"/slot/{booking.slot_id}/" in targets[0]


def test_cancel_and_change_through_the_secret_link(client, slot):
    manage_url = client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS)["Location"].split("?")[0]
    other = Slot.objects.filter(date=OPEN_DAY, procedure_id=PROCEDURE).exclude(pk=slot.pk).last()
    change_page = client.get(manage_url + f"change/?day={OPEN_DAY.isoformat()}").content.decode()
    assert f'href="?slot={other.pk}"' in change_page
    assert f'value="{other.pk}"' in client.get(manage_url + f"change/?slot={other.pk}").content.decode()  # asked once
    assert client.post(manage_url + "change/", {"slot_id": other.pk}).status_code == 302
    assert Booking.objects.get().slot == other
    assert client.post(manage_url + "cancel/").status_code == 302
    assert Booking.objects.get().status == "cancelled"
    assert "取り消されました" in client.get(manage_url).content.decode()


def test_an_unknown_link_or_procedure_is_404(client, db):
    assert client.get("/ja/book/manage/not-a-token/").status_code == 404
    assert client.get("/ja/book/suspend-lost-card/").status_code == 404
    assert client.get("/ja/book/no-such-thing/").status_code == 404
    assert client.get(f"/ja/book/{PROCEDURE}/2026-13-01/").status_code == 404
