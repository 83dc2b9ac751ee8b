"""The booking day list and the booking's calendar file: dates as residents read them."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from icalendar import Calendar

from madoguchi.booking.models import Booking
from madoguchi.booking.services import slots as slot_services

from ..conftest import OPEN_DAY, PROCEDURE

pytestmark = pytest.mark.django_db
DETAILS = {"name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "taro@example.jp", "phone": "", "party_size": "1"}


def test_a_closed_day_is_listed_as_closed_with_its_reason_in_words(slot):
    # Friday 20 November 2026: the 22nd is the maintenance Sunday, the 23rd 勤労感謝の日.
    html = Client().get(f"/ja/book/{PROCEDURE}/").content.decode()
    days = html.split('<ul class="days"')[1].split("</ul>")[0]
    assert "2026年11月23日（月） 休み：祝日（勤労感謝の日）のため休業" in days
    assert "2026年11月22日（日） 休み：全国的なシステムメンテナンス" in days
    assert "<s>" not in days and "<del>" not in days and "line-through" not in html
    assert days.index("11月23日") < days.index("11月24日")  # in date order, among the open days
    assert "2026-11-2" not in days.replace('/2026-11-24/"', "")  # no ISO date shown, only in links
    assert f'/ja/book/{PROCEDURE}/2026-11-23/' not in days  # a closed day is not a link


def test_the_day_and_times_are_written_as_a_japanese_reader_expects(slot):
    html = Client().get(f"/ja/book/{PROCEDURE}/{OPEN_DAY.isoformat()}/").content.decode()
    assert "2026年11月24日（火）" in html and "8時30分〜9時" in html
    en = Client().get(f"/en/book/{PROCEDURE}/{OPEN_DAY.isoformat()}/").content.decode()
    assert "Tuesday 24 November 2026" in en and "Book 8:30 to 9:00" in en


def test_todays_slots_already_started_are_not_offered(db):
    # 10:00 on the 20th: the 9:30 slot has begun, the 10:30 one is still to come.
    slot_services.open_slots(PROCEDURE, date(2026, 11, 20), date(2026, 11, 20))
    html = Client().get(f"/ja/book/{PROCEDURE}/2026-11-20/").content.decode()
    assert "9時30分〜10時" not in html and "10時30分〜11時" in html


def test_the_booking_calendar_file_has_the_booked_time_and_tokyos_timezone(slot):
    client = Client()
    response = client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS)
    manage_url = response["Location"].split("?")[0]
    cal = Calendar.from_ical(client.get(manage_url + "booking.ics").content)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Tokyo"
    event = cal.walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2026-11-24T08:30:00+09:00"
    assert event.decoded("dtend").isoformat() == "2026-11-24T09:00:00+09:00"  # the slot, not the counter's day
    assert event["dtstart"].params["TZID"] == "Asia/Tokyo"
    assert Booking.objects.get().reference in str(event["summary"])
