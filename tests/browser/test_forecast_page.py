"""The forecast page in a real browser: axe finds nothing, the chart loads,
a supervisor applies a suggested extra capacity (with an extra Saturday) and
the resident's booking page then offers that week's slots, the Saturday's too. Screenshots at desktop and 375 px."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from madoguchi.core.date_text import time_text
from madoguchi.booking.models import Slot
from madoguchi.core.city import municipality
from madoguchi.rules import forecast as fc
from madoguchi.rules.validity import card_validity
from tests.conftest import axe_violations
from tests.forecast.conftest import add_card
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MADOGUCHI_SCREENSHOTS", "var/screenshots"))


def test_the_forecast_page_and_applying_a_suggestion(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-12-01T10:00+09:00")
    # An office that seats at most 3 clerks and may open on Saturdays: the plan adds a Saturday.
    base = fc.load_forecast_settings("koganei")
    capped = fc.ForecastSettings(**{**base.__dict__, "max_clerks_per_day": 3, "saturday_hours": ("09:00", "17:00")})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": capped)
    v = card_validity(municipality().validity, date(1980, 5, 5), date(2022, 6, 1))
    for n in range(200):  # renewal windows opening on 6 February 2027
        add_card(n, date(1980, 5, 5), date(2022, 6, 1), v)
    boss = make_staff("suzuki", "supervisor")
    log_in(page, live_server.url, boss)

    page.goto(f"{live_server.url}/staff/forecast/?office=citizen-division&procedure=certificate-renewal&from=2027-01-04&to=2027-06-27")
    page.wait_for_function("document.querySelector('.forecast-chart img').naturalWidth > 0")
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "forecast-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SHOTS / "forecast-375.png"), full_page=True)
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    assert "2027年2月6日（土） 09:00〜17:00に開庁" in page.content()
    page.locator("ul.plan button").first.click()
    assert "2027-W05の提案を適用しました" in page.content()
    assert axe_violations(page) == []
    first = Slot.objects.filter(date=date(2027, 2, 1), procedure_id="certificate-renewal").order_by("start").first()
    page.goto(f"{live_server.url}/ja/book/certificate-renewal/2027-02-01/")
    assert time_text(first.start, "ja", readings=False) in page.content()
    saturday = Slot.objects.filter(date=date(2027, 2, 6), procedure_id="certificate-renewal").order_by("start").first()
    page.goto(f"{live_server.url}/ja/book/certificate-renewal/2027-02-06/")  # the extra Saturday, bookable
    assert time_text(saturday.start, "ja", readings=False) in page.content()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SHOTS / "forecast-extra-saturday-375.png"), full_page=True)
