"""The Content-Security-Policy in a real Chromium: every page sends it, the pages
and the API's docs work under it with no violation, and the watch that every
browser test runs (tests/conftest.py, `page`) does catch one."""

from __future__ import annotations

import pytest

from tests.conftest import watch_csp_violations
from tests.counter.conftest import make_card, make_resident
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/ja/", "/en/", "/easy/", "/ja/guide/", "/ja/procedures/pin-reset/", "/ja/search/?q=暗証番号",
    "/ja/book/card-info-change/", "/ja/book/card-pickup/", "/ja/no-such-page/", "/api/v1/docs",
]  # fmt: skip


def test_the_watch_catches_an_inline_script_and_style(chromium, live_server):
    """A page of this site with an inline script and style attribute: both blocked, both reported."""
    context = chromium.new_context()
    pg = context.new_page()
    violations = watch_csp_violations(context, pg)
    pg.route("**/ja/", lambda route: route.fulfill(
        status=200, content_type="text/html",
        headers={"Content-Security-Policy": route.fetch().headers["content-security-policy"]},
        body="<!doctype html><p style='color:red'>x</p><script>document.title='ran'</script>",
    ))  # fmt: skip
    pg.goto(f"{live_server.url}/ja/")
    pg.wait_for_timeout(200)
    assert pg.title() != "ran"
    assert any("script-src" in v for v in violations) and any("style-src" in v for v in violations), violations
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_public_page_sends_the_policy_and_breaks_none_of_it(live_server, page, path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    response = page.goto(f"{live_server.url}{path}")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "default-src 'none'" in policy
    if path == "/api/v1/docs":  # Swagger UI from this site's static files, running under the policy
        page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_load_state("networkidle")


def test_the_staff_pages_send_the_policy_and_break_none_of_it(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    member = make_staff("suzuki", "supervisor")
    resident = make_resident()
    card = make_card(resident)
    log_in(page, live_server.url, member)
    for path in ("/staff/", f"/staff/residents/{resident.pk}/", f"/staff/cards/{card.pk}/do/suspend/", "/staff/bookings/",
                 "/staff/notices/", "/staff/audit/"):  # fmt: skip
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
