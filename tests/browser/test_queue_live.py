"""The line in real browsers: a clerk calls a number, and the lobby display and the
resident's phone (two other browser contexts) show it within a second, without
reloading. axe finds nothing on the call screen, the display or the phone page."""

from __future__ import annotations

import time

import pytest

from madoguchi.queue.models import Ticket
from tests.browser.staff import log_in
from tests.conftest import axe_violations
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICE = "citizen-division"


def test_a_call_shows_on_the_display_and_the_phone(live_server, chromium, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    clerk = make_staff("tanaka", "clerk")
    contexts = [chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo") for _ in range(3)]
    staff, lobby, phone = (c.new_page() for c in contexts)
    try:
        log_in(staff, live_server.url, clerk)

        staff.goto(f"{live_server.url}/staff/queue/reception/")
        staff.select_option("#procedure", "card-pickup")
        staff.click("form:has(#procedure) button[type=submit]")
        assert staff.locator("#issued-number").inner_text() == "B-001"
        staff.select_option("#procedure", "card-pickup")
        staff.click("form:has(#procedure) button[type=submit]")
        assert staff.locator("#issued-number").inner_text() == "B-002"
        second = Ticket.objects.get(letter="B", number=2)

        lobby.goto(f"{live_server.url}/queue/display/{OFFICE}/")
        assert lobby.locator("#next li").all_inner_texts() == ["B-001", "B-002"]
        assert axe_violations(lobby) == []
        phone.goto(f"{live_server.url}/ja/queue/t/{second.token}/")
        assert phone.locator("[data-field=ahead]").inner_text() == "1人"
        assert axe_violations(phone) == []

        staff.goto(f"{live_server.url}/staff/queue/windows/3/")
        assert axe_violations(staff) == []
        # The streams are open once each page has had its first event.
        lobby.wait_for_function("document.querySelector('[data-live]').dataset.version !== undefined")
        time.sleep(0.5)
        pressed = time.monotonic()
        staff.click(".call-next button")
        lobby.locator("#calling tr.latest td.number", has_text="B-001").wait_for(timeout=5_000)
        shown = time.monotonic() - pressed
        phone.locator("[data-field=ahead]", has_text="0人").wait_for(timeout=5_000)
        seen_by_phone = time.monotonic() - pressed
        assert lobby.locator("#calling tr.latest td.window").inner_text() == "3"
        assert lobby.locator("#next li").all_inner_texts() == ["B-002"]
        assert shown < 1.0 and seen_by_phone < 1.0, (shown, seen_by_phone)

        staff.click(".actions form:has-text('終了') button")  # done: B-001
        staff.click(".call-next button")
        phone.locator("[data-field=status]", has_text="窓口 3 へお越しください").wait_for(timeout=2_000)
        assert "called" in phone.locator("[data-field=status]").get_attribute("class")
        assert axe_violations(staff) == []
        assert axe_violations(lobby) == []
        assert axe_violations(phone) == []
    finally:
        for c in contexts:
            c.close()
