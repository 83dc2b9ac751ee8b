"""The outcome page printed: a checklist without the site's navigation and forms."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from .guide_walk import PINNED_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOST = {"situation": "lost", "lost_where": "outside", "lost_found": "not-found", "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self"}


def test_printed_outcome_keeps_the_checklist_and_drops_navigation(live_server, page, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", PINNED_NOW)
    page.goto(f"{live_server.url}/ja/guide/outcome/?{urlencode(LOST)}")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator("form.ics").first.is_visible()
    assert page.locator("ol.steps .checklist").first.is_visible()
    assert page.locator("section.act-now").is_visible()
    pdf = page.pdf(format="A4")  # Chromium's own print: the page prints at all
    assert pdf.startswith(b"%PDF")
