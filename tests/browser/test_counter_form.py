"""The clerk's procedure form in a real browser: a refusal is said when the form
opens, and a refused submit keeps every value the clerk typed (axe: 0 violations).

With MADOGUCHI_SCREENSHOT_DIR set, the pages are also saved at desktop width and
at 375 px, to be looked at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from madoguchi.booking.models import Slot
from madoguchi.booking.services import slots as slot_services
from madoguchi.counter.models import Resident
from tests.conftest import axe_violations
from tests.counter.conftest import make_card, make_resident
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_ADDRESS = "東京都小金井市緑町五丁目1番1号"


def shoot(page, name: str) -> None:
    folder = os.environ.get("MADOGUCHI_SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "desktop"), (375, "375")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_refused_form_keeps_what_the_clerk_typed(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")  # a Tuesday, counter open
    resident = make_resident()
    card = make_card(resident)
    log_in(page, live_server.url, make_staff("tanaka", "clerk"))

    page.goto(f"{live_server.url}/staff/residents/{resident.pk}/")
    assert axe_violations(page) == []
    shoot(page, "counter-resident")

    page.goto(f"{live_server.url}/staff/cards/{card.pk}/do/card-info-change/")
    page.select_option("#change", "address")
    page.fill("#address", NEW_ADDRESS)
    page.check("input[name=documents][value=my-number-card]")  # not every document: refused
    page.click(".procedure-form button[type=submit]:not([formaction])")
    assert "確認していない書類があります" in page.locator(".error-summary").inner_text()
    assert page.input_value("#address") == NEW_ADDRESS
    assert page.input_value("#change") == "address"
    assert page.is_checked("input[name=documents][value=my-number-card]")
    assert axe_violations(page) == []
    assert Resident.objects.get(pk=resident.pk).address != NEW_ADDRESS

    for value in ("id-document", "resident-register-pin"):  # the clerk ticks the rest: done, nothing retyped
        page.check(f"input[name=documents][value={value}]")
    page.click(".procedure-form button[type=submit]:not([formaction])")
    assert Resident.objects.get(pk=resident.pk).address == NEW_ADDRESS
    assert page.locator(".done-case a[href$='/copy.pdf']").count() == 1  # the 控え of a free case, to print
    assert axe_violations(page) == []
    shoot(page, "counter-resident-done")


def test_the_form_of_a_suspended_card_says_why_when_it_opens(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    card = make_card(make_resident(), status="suspended", lost=True)
    log_in(page, live_server.url, make_staff("tanaka", "clerk"))
    page.goto(f"{live_server.url}/staff/cards/{card.pk}/do/card-info-change/")
    said = page.locator(".refusal-now").inner_text()
    assert "この手続は今はできません" in said and "一時停止中" in said
    assert axe_violations(page) == []
    shoot(page, "counter-procedure-refused")


def test_the_day_view_shows_the_bookings_first(live_server, page, make_staff, monkeypatch):
    from datetime import date, time

    from madoguchi.audit.services import Actor
    from madoguchi.booking.services import bookings
    from tests.booking.conftest import make_visitor

    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T09:00+09:00")
    day = date(2026, 11, 24)
    for procedure in ("card-info-change", "certificate-renewal"):
        slot_services.open_slots(procedure, day, day)
    slot = Slot.objects.get(procedure_id="card-info-change", date=day, start=time(10, 30))
    for n in (1, 2):
        bookings.book(Actor.public(), slot.pk, "card-info-change", make_visitor(n))
    log_in(page, live_server.url, make_staff("suzuki", "supervisor"))
    page.goto(f"{live_server.url}/staff/bookings/?date={day.isoformat()}")
    assert page.locator("details.slot-group").count() == 2
    assert not page.locator("details.slot-group[open]").count()  # folded
    assert page.locator("table.day-bookings tbody tr").count() == 2
    assert axe_violations(page) == []
    shoot(page, "staff-day")
    page.locator("details.slot-group summary").first.click()
    assert axe_violations(page) == []
    shoot(page, "staff-day-opened")

