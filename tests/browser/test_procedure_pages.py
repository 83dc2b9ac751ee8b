"""The procedure pages in a real headless Chromium: accessible in every language."""

from __future__ import annotations

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["ja", "en", "easy", "zh"])
def test_procedure_list_and_page_have_no_axe_violations(live_server, page, lang):
    page.goto(f"{live_server.url}/{lang}/")
    assert axe_violations(page) == []
    page.locator("ul.procedure-list li a").first.click()  # its name holds <ruby> readings on an easy page
    page.wait_for_load_state()
    assert "/procedures/suspend-lost-card/" in page.url  # the home page lists the lost card first
    assert axe_violations(page) == []


def test_language_switch_by_keyboard(live_server, page):
    page.goto(f"{live_server.url}/ja/procedures/pin-reset/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/procedures/pin-reset/")
    assert page.locator("h1").inner_text() == "Resetting or unlocking a PIN"


@pytest.mark.parametrize(
    "path",
    [
        "/easy/procedures/card-keep-abroad/",  # 国外継続利用: easy Japanese with readings
        "/ja/guide/outcome/?situation=card-expiring&licence=on-card&age=adult&applicant=self",  # マイナ免許証, マイナ保険証
        "/ja/guide/outcome/?situation=abroad&abroad_state=leaving-keep&applicant=self",
    ],
)
def test_the_pages_of_the_law_of_2024_2026_have_no_axe_violations(live_server, page, path, tmp_path):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"page-{width}.png"), full_page=True)
