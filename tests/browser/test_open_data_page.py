"""The open-data page in a real headless Chromium: accessible at 1280 and 375 px
in ja, en and easy, nothing scrolls sideways, and the footer leads to it."""

from __future__ import annotations

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_the_open_data_page_has_no_axe_violations_at_desktop_and_phone_width(live_server, page, lang, tmp_path):
    from datetime import timedelta

    from madoguchi.booking.services.slots import open_slots
    from madoguchi.core import clock

    open_slots("certificate-renewal", clock.today(), clock.today() + timedelta(days=20), "citizen-division")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/{lang}/open-data/")
        assert axe_violations(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"scrolls sideways by {overflow} px at {width} px"
        # a procedure's name in the weeks table keeps a readable width (it was squeezed to 2 characters a line)
        name = page.locator("table.open-data-weeks tbody th").first.bounding_box()["width"]
        assert name >= 9 * 14, f"the procedure column is {name} px wide at {width} px"
        if width == 1280:  # the eight weeks fit beside it on a desktop, no scrolling inside the region
            region = page.evaluate("[...document.querySelectorAll('.open-data-weeks-region')].map(e => e.scrollWidth - e.clientWidth)")
            assert region and max(region) <= 0
        page.screenshot(path=str(tmp_path / f"open-data-{lang}-{width}.png"), full_page=True)


def test_the_footer_of_the_guide_leads_to_it(live_server, page):
    page.goto(f"{live_server.url}/en/")
    page.locator("footer").get_by_role("link", name="Counter availability and visit times (open data)").click()
    page.wait_for_url("**/en/open-data/")
    assert page.locator("h1").inner_text() == "Counter availability and visit times (open data)"
