"""The one design system (web/site.css on the Digital Agency's tokens, ADR 0016) in a real
Chromium, at a desktop width and at 375 px (a small phone): axe finds nothing on any page it
styles, text inputs are 16 px or more (iOS zooms into smaller ones), buttons 44 px or more,
the focus ring shows, and a booking form with three mistakes shows three linked errors.

`MADOGUCHI_SCREENSHOTS=1` also writes the README's screenshots (tests/browser/screenshots.py).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest

from madoguchi.booking.models import Slot
from madoguchi.booking.services import slots as slot_services
from tests.conftest import axe_violations
from tests.counter.conftest import make_card, make_resident
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)

from .screenshots import keep
from tests.browser.staff import log_in, log_in_here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = "2026-11-20T10:00:00+09:00"  # Friday; the 24th is the next open day
DAY = date(2026, 11, 24)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
WIDTHS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="375px")]
LOST = {"situation": "lost", "lost_where": "outside", "lost_found": "not-found", "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self"}


@pytest.fixture(autouse=True)
def server_clock(monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)


@pytest.fixture
def slot(db) -> Slot:
    slot_services.open_slots("card-info-change", DAY, DAY)
    return Slot.objects.filter(date=DAY).order_by("start").first()


def size_name(viewport: dict) -> str:
    return "desktop" if viewport is DESKTOP else "375"


def checked(page, name: str, viewport: dict, readme: str | None = None) -> None:
    """axe's WCAG 2.1 AA finds nothing, nothing overflows sideways, and the page is kept if asked."""
    found = [(v["id"], n["target"], n["failureSummary"]) for v in axe_violations(page) for n in v["nodes"]]
    assert found == [], (page.url, found)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {viewport['width']} px"
    keep(page, f"{name}-{size_name(viewport)}", readme if viewport is DESKTOP else None)


def book_with_mistakes(page, live_server, slot: Slot) -> None:
    page.goto(f"{live_server.url}/ja/book/card-info-change/slot/{slot.pk}/")
    page.fill("#f-name_kana", "Taro")       # not kana
    page.fill("#f-email", "taro@")          # not an address
    page.fill("#f-party_size", "9")         # more than a household
    page.click("#f-booking button[type=submit]")  # and no name
    page.locator(".error-summary").wait_for()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_every_public_page_passes_axe_and_fits(live_server, page, slot, viewport):
    page.set_viewport_size(viewport)
    for name, path, readme in [
        ("home", "/ja/", None), ("home-easy", "/easy/", None), ("guide-start", "/ja/guide/", None),
        ("guide-question", "/ja/guide/q/situation/", None),
        ("guide-outcome", f"/ja/guide/outcome/?{urlencode(LOST)}", "guide-outcome"),
        ("procedure", "/ja/procedures/pin-reset/", None), ("search", "/ja/search/?q=なくした", None),
        ("booking-procedure", "/ja/book/card-info-change/", None), ("booking-day", f"/ja/book/card-info-change/{DAY}/", None),
        ("pickup-verify", "/ja/book/card-pickup/", None),
        ("not-found", "/ja/no-such-page/", None), ("not-found-en", "/en/no-such-page/", None),
    ]:
        page.goto(live_server.url + path)
        checked(page, name, viewport, readme)
    page.goto(f"{live_server.url}/ja/book/card-pickup/")
    page.click("#main form[method=post] button[type=submit]")  # nothing typed
    page.locator(".error-summary").wait_for()
    checked(page, "pickup-verify-errors", viewport)
    book_with_mistakes(page, live_server, slot)
    checked(page, "booking-form-errors", viewport)
    page.fill("#f-name", "小金井 太郎")
    page.fill("#f-name_kana", "コガネイ タロウ")
    page.fill("#f-email", "taro@example.jp")
    page.fill("#f-party_size", "1")
    page.click("#f-booking button[type=submit]")
    page.wait_for_url("**/book/manage/**")
    checked(page, "booking-confirmation", viewport, "booking-confirmation")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_every_staff_page_passes_axe_and_fits(live_server, page, make_staff, monkeypatch, viewport):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")  # a Tuesday, counter open
    page.set_viewport_size(viewport)
    clerk = make_staff("tanaka", "clerk")
    resident = make_resident()
    card = make_card(resident)
    page.goto(f"{live_server.url}/staff/login/")
    checked(page, "staff-login", viewport)
    page.click("button[type=submit]")  # nothing typed: both fields named at once
    assert page.locator(".error-summary li").count() == 2
    checked(page, "staff-login-errors", viewport)
    log_in_here(page, clerk)
    checked(page, "counter-search", viewport)
    page.goto(f"{live_server.url}/staff/residents/{resident.pk}/")
    checked(page, "counter-resident", viewport, "counter-resident")
    page.goto(f"{live_server.url}/staff/cards/{card.pk}/do/suspend-lost-card/")
    checked(page, "counter-procedure", viewport)
    page.click(".procedure-form button[type=submit]")  # recorded: back on the resident's page, with what to offer next
    checked(page, "counter-procedure-done", viewport)
    for name, path in [("staff-bookings", "/staff/bookings/"), ("staff-notices", "/staff/notices/"), ("staff-queue", "/staff/queue/")]:
        page.goto(live_server.url + path)
        checked(page, name, viewport)
    page.goto(f"{live_server.url}/staff/no-such-page/")
    checked(page, "staff-not-found", viewport)


def test_text_is_16px_and_controls_44px_on_a_phone(live_server, page, slot):
    page.set_viewport_size(PHONE)
    book_with_mistakes(page, live_server, slot)
    sizes = page.evaluate("""() => [...document.querySelectorAll(
          '#main input:not([type=hidden]), #main select, #main button, .site-header input, .site-header button')]
        .map(e => ({id: e.id || e.name || e.textContent.trim(), font: parseFloat(getComputedStyle(e).fontSize),
                    height: e.getBoundingClientRect().height, text: !['checkbox', 'radio'].includes(e.type) && e.tagName !== 'BUTTON'}))""")
    assert sizes, "the form has controls"
    small_text = [s for s in sizes if s["text"] and s["font"] < 16]
    short = [s for s in sizes if s["height"] < 44]
    assert small_text == [] and short == [], (small_text, short)


def test_the_focus_ring_shows_on_inputs_and_buttons(live_server, page, slot):
    book_with_mistakes(page, live_server, slot)
    for selector in ("#f-name", "#f-booking button[type=submit]"):
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # by keyboard, so :focus-visible applies
        ring = page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).outlineWidth")
        assert float(ring.removesuffix("px")) >= 3, (selector, ring)


def test_three_mistakes_show_three_linked_errors_that_move_the_focus(live_server, page, slot):
    page.goto(f"{live_server.url}/ja/book/card-info-change/slot/{slot.pk}/")
    page.fill("#f-name_kana", "Taro")
    page.fill("#f-email", "taro@")
    page.click("#f-booking button[type=submit]")  # and no name: three mistakes
    links = page.locator(".error-summary li a")
    assert links.count() == 3
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")  # the summary has the focus
    for i, field in enumerate(("name", "name_kana", "email")):
        assert links.nth(i).get_attribute("href") == f"#f-{field}"
        links.nth(i).click()
        assert page.evaluate("document.activeElement.id") == f"f-{field}"
        described = page.get_attribute(f"#f-{field}", "aria-describedby")
        assert f"e-{field}" in described.split()
        assert page.locator(f"#e-{field}").inner_text()
        assert page.get_attribute(f"#f-{field}", "aria-invalid") == "true"


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_clerks_day_of_bookings_is_a_table_on_a_desktop_and_stacked_on_a_phone(live_server, page, make_staff, slot, viewport):
    """Eight columns squeezed into 375 px broke names and references letter by letter:
    on a phone each booking is a block of lines, each named by its column."""
    from madoguchi.audit.services import Actor
    from madoguchi.booking.services import bookings
    from madoguchi.booking.services.visitor import Visitor

    bookings.book(Actor.system(), slot.pk, slot.procedure_id, Visitor("武蔵野 さくら", "ムサシノ サクラ", "", "090-0000-0001", 2))
    clerk = make_staff("tanaka", "clerk")
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, clerk)
    page.goto(f"{live_server.url}/staff/bookings/?date={DAY}")
    checked(page, "staff-bookings-day", viewport)
    cells = page.evaluate("""() => [...document.querySelectorAll('table.day-bookings tbody td')].map(td => ({
        display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content,
        width: td.getBoundingClientRect().width, row: td.parentElement.getBoundingClientRect().width}))""")
    assert len(cells) == 8
    scroll = page.evaluate("(() => { const s = document.querySelector('table.day-bookings').parentElement; return s.scrollWidth - s.clientWidth; })()")
    assert scroll <= 0  # nothing hidden sideways in the table's own scroll either
    if viewport is PHONE:
        assert all(c["display"] != "table-cell" and c["width"] >= c["row"] - 2 for c in cells), cells  # a line each, the row's width
        assert [c["label"] for c in cells][:2] == ['"時間"', '"予約番号"']
        assert not page.locator("table.day-bookings thead").is_visible() or page.locator("table.day-bookings thead").bounding_box()["height"] <= 1
        # the filters: each label with its own control, not run on after the previous one (a label broken over two lines)
        for control in ("#f-office", "#f-date", "#f-reference"):
            assert page.locator(f"label[for={control[1:]}]").bounding_box()["height"] < 40, control  # one line
    else:
        assert {c["display"] for c in cells} == {"table-cell"} and {c["label"] for c in cells} == {"none"}
