"""The extra opening days page in a real browser: axe finds nothing at 1280 and
375 px; a supervisor adds a Saturday, is told why the maintenance Sunday is
refused, and removes the Saturday again. Screenshots at desktop and 375 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from madoguchi.forecast.models import ExtraOpening
from tests.conftest import axe_violations
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MADOGUCHI_SCREENSHOTS", "var/screenshots"))


def fill(page, day: str, start: str = "09:00", end: str = "12:00") -> None:
    page.fill("#f-day", day)
    page.fill("#f-start", start)
    page.fill("#f-end", end)
    page.check("#f-p-certificate-renewal")
    page.fill("#f-reason", "更新の集中")
    page.click("form.opening-form button[type=submit]")


def test_the_openings_page_adds_refuses_and_removes(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-12-01T10:00+09:00")
    boss = make_staff("suzuki", "supervisor")
    log_in(page, live_server.url, boss)

    page.goto(f"{live_server.url}/staff/forecast/")
    page.click("text=追加の開庁日（土曜・夜間）を設定する")
    assert page.url.endswith("/staff/forecast/openings/")
    assert axe_violations(page) == []

    fill(page, "2026-12-12")  # an ordinary Saturday
    assert "2026年12月12日（土） 09:00〜12:00を開庁日にしました" in page.content()
    assert ExtraOpening.objects.filter(day="2026-12-12").exists()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "openings-desktop.png"), full_page=True)
    assert axe_violations(page) == []

    fill(page, "2026-12-20")  # the J-LIS maintenance Sunday: the calendar's own words
    assert "2026年12月20日（日）は開庁日にできません" in page.locator(".error-summary").inner_text()
    assert page.locator("#f-day").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SHOTS / "openings-refused-375.png"), full_page=True)
    # the list stacks into a labelled block a phone shows whole: nothing runs past it sideways
    wide = page.evaluate("[...document.querySelectorAll('.table-scroll')].map(e => e.scrollWidth - e.clientWidth)")
    assert wide and max(wide) <= 0
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("table.openings-table button").first.click()
    assert "開庁を削除しました" in page.content() and not ExtraOpening.objects.exists()
    assert axe_violations(page) == []
