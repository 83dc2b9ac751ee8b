"""The counter's booking pages: the day's list, check-in, no-show, blocking, seats, waiting list."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings, waiting_list
from madoguchi.booking.services import slots as slot_services
from tests.staff.conftest import log_in, make_staff  # noqa: F401  (fixture)

from ..conftest import OPEN_DAY, PROCEDURE, make_visitor

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
DAY_URL = f"/staff/bookings/?office=citizen-division&date={OPEN_DAY.isoformat()}"


@pytest.fixture
def clerk(make_staff) -> Client:  # noqa: F811
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    return client


@pytest.fixture
def supervisor(make_staff) -> Client:  # noqa: F811
    client = Client()
    log_in(client, make_staff("suzuki", "supervisor"))
    return client


def test_the_day_list_needs_a_staff_login(db):
    assert Client().get("/staff/bookings/").status_code == 302


def test_a_clerk_sees_the_day_checks_in_and_marks_a_no_show(clerk):
    slot_services.open_slots(PROCEDURE, TODAY, TODAY)
    slot = Slot.objects.get(date=TODAY, start=time(10, 30))  # later today (the clock says 10:00)
    first = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1)).booking
    second = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(2)).booking
    html = clerk.get("/staff/bookings/").content.decode()
    assert first.reference in html and "小金井 太郎1" in html and "taro1@example.jp" in html
    assert f'class="nowrap">{slot.start:%H:%M}〜{slot.end:%H:%M}</td>' in html  # as the openings page writes a span
    assert AuditEntry.objects.filter(actor="tanaka", action="read", subject_type="booking-day").exists()
    clerk.post(f"/staff/bookings/{first.pk}/check-in/")
    clerk.post(f"/staff/bookings/{second.pk}/no-show/")
    assert Booking.objects.get(pk=first.pk).status == "checked_in"
    assert Booking.objects.get(pk=second.pk).status == "no_show"
    found = clerk.get(f"/staff/bookings/?reference={first.reference.lower()}").content.decode()
    assert first.reference in found and second.reference not in found


def test_a_clerk_cannot_block_a_day(clerk, slot):
    assert clerk.post("/staff/bookings/block-day/", {"office": "citizen-division", "date": OPEN_DAY.isoformat(), "reason": "x"}).status_code == 403
    assert clerk.post("/staff/bookings/unblock-day/", {"office": "citizen-division", "date": OPEN_DAY.isoformat()}).status_code == 403
    assert not Slot.objects.filter(blocked=True).exists()


def test_a_supervisor_blocks_a_day_and_the_bookings_are_flagged(supervisor, slot):
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor()).booking
    supervisor.post("/staff/bookings/block-day/", {"office": "citizen-division", "date": OPEN_DAY.isoformat(), "reason": "J-LIS障害"})
    booking.refresh_from_db()
    assert booking.needs_notice and not Slot.objects.filter(date=OPEN_DAY, blocked=False).exists()
    assert "要連絡" in supervisor.get(DAY_URL).content.decode()
    # The outage is over: one press reopens the day.
    page = supervisor.get(DAY_URL).content.decode()
    assert "/staff/bookings/unblock-day/" in page
    response = supervisor.post("/staff/bookings/unblock-day/", {"office": "citizen-division", "date": OPEN_DAY.isoformat()}, follow=True)
    assert "件の予約枠を再開しました" in response.content.decode()
    assert not Slot.objects.filter(date=OPEN_DAY, blocked=True).exists()
    assert "/staff/bookings/unblock-day/" not in supervisor.get(DAY_URL).content.decode()


def test_a_supervisor_sets_seats_and_sees_the_waiting_list(supervisor, slot):
    supervisor.post("/staff/bookings/seats/", {"office": "citizen-division", "procedure": PROCEDURE, "seats": "1"})
    slot.refresh_from_db()
    assert slot.capacity == 1
    bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1))
    waiting_list.join(Actor.public(), slot, make_visitor(2))
    html = supervisor.get(f"/staff/bookings/slots/{slot.pk}/waiting/").content.decode()
    assert "小金井 太郎2" in html
    response = supervisor.post(f"/staff/bookings/slots/{slot.pk}/capacity/", {"capacity": "0"}, follow=True)
    assert "1人分予約されています" in response.content.decode()


@pytest.mark.parametrize("typed", ["lower", "full width", "no hyphen"])
def test_a_clerk_finds_a_booking_by_its_reference_however_it_is_typed(clerk, typed):
    slot_services.open_slots(PROCEDURE, TODAY, TODAY)
    slot = Slot.objects.get(date=TODAY, start=time(10, 30))
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1)).booking
    ref = booking.reference
    spelled = {
        "lower": ref.lower(),
        "full width": "".join(chr(ord(c) + 0xFEE0) for c in ref),  # ＡＢＣＤ－ＥＦ２３
        "no hyphen": ref.replace("-", ""),
    }[typed]
    html = clerk.get("/staff/bookings/", {"reference": spelled}).content.decode()
    assert "小金井 太郎1" in html and f'value="{ref}"' in html


def test_an_unknown_reference_is_named_rather_than_the_day_said_empty(clerk):
    html = clerk.get("/staff/bookings/", {"reference": "ｚｚｚｚｚｚｚｚ"}).content.decode()
    assert "予約番号 ZZZZ-ZZZZ の予約はありません" in html
    assert "この日の予約はありません" not in html


def test_a_reference_on_another_day_opens_that_day(clerk, slot):
    booking = bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1)).booking
    response = clerk.get("/staff/bookings/", {"reference": booking.reference.lower()})  # today is not its day
    assert response.status_code == 302 and f"date={OPEN_DAY.isoformat()}" in response["Location"]
    assert booking.reference in clerk.get(response["Location"]).content.decode()


def test_the_days_bookings_come_first_and_the_slots_are_folded_by_procedure(supervisor, slot):
    bookings.book(Actor.public(), slot.pk, PROCEDURE, make_visitor(1))
    slot_services.open_slots("certificate-renewal", OPEN_DAY, OPEN_DAY)
    html = supervisor.get(DAY_URL).content.decode()
    assert html.index("小金井 太郎1") < html.index('<details class="slot-group">')
    assert html.count('<details class="slot-group">') == 2  # one per procedure, closed
    n = Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).count()
    capacity = sum(Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).values_list("capacity", flat=True))
    assert f"{n}枠、予約 1/{capacity}" in html
