"""The kiosk, the lobby display, the phone page's mail form and the supervisors' pages
in a real browser, desktop and 375 px wide: axe finds nothing; screenshots for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from madoguchi.audit.services import Actor
from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, tickets
from madoguchi.queue.services.kiosks import issue_kiosk
from tests.conftest import axe_violations
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICE = "citizen-division"
SHOTS = Path(os.environ.get("QUEUE_SHOTS", "/tmp/queue-shots"))
SIZES = {"desktop": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 800}}


def _look(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


@pytest.mark.parametrize("size", SIZES)
def test_kiosk_display_and_phone_pages(live_server, chromium, monkeypatch, size):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    _, key = issue_kiosk(Actor("super", "supervisor"), OFFICE, "lobby-1")
    context = chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport=SIZES[size])
    page = context.new_page()
    try:
        for lang in ("ja", "en", "easy"):
            page.goto(f"{live_server.url}/{lang}/queue/kiosk/{key}/")
            _look(page, f"kiosk-{lang}-{size}")
        page.click("button[value=card-pickup]")
        assert page.locator(".big-number").inner_text() == "B-001"
        _look(page, f"kiosk-ticket-{size}")
        ticket = Ticket.objects.get()
        page.goto(f"{live_server.url}/en/queue/t/{ticket.token}/")
        page.fill("#f-email", "hanako@")
        page.click(".queue-mail button[type=submit]")
        _look(page, f"phone-mail-error-{size}")
        page.goto(f"{live_server.url}/easy/queue/t/{ticket.token}/")
        _look(page, f"phone-easy-{size}")
        page.goto(f"{live_server.url}/ja/queue/?office={OFFICE}")
        _look(page, f"waits-{size}")
        tickets.issue(Actor("clerk1", "clerk"), OFFICE, "certificate-renewal")
        calls.call_next(Actor("clerk1", "clerk"), OFFICE, 1)
        page.goto(f"{live_server.url}/queue/display/{OFFICE}/")
        _look(page, f"display-{size}")
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_supervisor_pages(live_server, chromium, make_staff, monkeypatch, size):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    boss = make_staff("suzuki", "supervisor")
    tickets.issue(Actor("clerk1", "clerk"), OFFICE, "card-pickup")
    calls.call_next(Actor("clerk1", "clerk"), OFFICE, 3)
    context = chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport=SIZES[size])
    page = context.new_page()
    try:
        log_in(page, live_server.url, boss)
        page.goto(f"{live_server.url}/staff/queue/overview/")
        _look(page, f"overview-{size}")
        page.goto(f"{live_server.url}/staff/queue/estimates/")
        _look(page, f"estimates-{size}")
        page.goto(f"{live_server.url}/staff/queue/reception/")
        _look(page, f"reception-{size}")
    finally:
        context.close()
