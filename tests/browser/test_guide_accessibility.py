"""The guide's pages in Chromium: axe finds nothing, the keyboard is enough, small screens fit.

JIS X 8341-3:2016 AA is WCAG 2.1 AA; axe-core checks what a machine can.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.conftest import axe_violations

from .guide_walk import PINNED_NOW, option_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOST = {"situation": "lost", "lost_where": "outside", "lost_found": "not-found", "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self"}
PIN = {"situation": "pin", "pin_which": "signature-certificate", "pin_state": "forgotten", "pin_other": "known", "age": "adult", "applicant": "household-member"}

# One of every page type the guide serves.
PAGE_TYPES = {
    "procedure list": "/{lang}/",
    "procedure": "/{lang}/procedures/reissue-after-loss/",
    "start": "/{lang}/guide/",
    "question": "/{lang}/guide/q/applicant/?situation=stay-extended",
    "question with error": "/{lang}/guide/next/?from=situation",
    "outcome": "/{lang}/guide/outcome/?" + urlencode(LOST),
    "outcome with alternatives": "/{lang}/guide/outcome/?" + urlencode(PIN),
    "bad answer": "/{lang}/guide/outcome/?situation=nonsense",
    "search": "/{lang}/search/?q=PIN",
}


@pytest.fixture
def server(live_server, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", PINNED_NOW)
    return live_server.url


@pytest.mark.parametrize("lang", ["ja", "en", "easy", "zh"])
def test_no_axe_violations_on_any_page_type(server, page, lang):
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(server + path.format(lang=lang))
        violations = axe_violations(page)
        if violations:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}


def _tab_to(page, predicate: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_the_whole_interview_works_with_the_keyboard_alone(server, page):
    page.goto(server + "/ja/guide/")
    _tab_to(page, "e.textContent.trim() === 'はじめる'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answers = {"situation": "lost", "lost_where": "home", "lost_found": "found", "age": "adult", "applicant": "household-member"}
    for _ in range(len(answers)):
        qid = page.url.split("/guide/q/")[1].split("/")[0]
        _tab_to(page, "e.type === 'radio'")
        # Arrow keys move through a radio group and choose as they go.
        page.keyboard.press("Space")
        while page.evaluate("document.activeElement.value") != answers[qid]:
            page.keyboard.press("ArrowDown")
        assert page.get_by_label(option_label(qid, answers[qid]), exact=True).is_checked()
        _tab_to(page, "e.type === 'submit'")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/guide/outcome/" in page.url
    assert "一時停止の解除" in page.locator("ol.steps").inner_text()


def test_focus_is_visible(server, page):
    page.goto(server + "/ja/guide/q/situation/")
    _tab_to(page, "e.type === 'radio'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_horizontal_scroll_at_360_px(chromium, server, lang):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    page = context.new_page()
    try:
        wide = {}
        for name, path in PAGE_TYPES.items():
            page.goto(server + path.format(lang=lang))
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                wide[name] = width
        assert wide == {}
    finally:
        context.close()


def test_text_zoomed_to_200_percent_still_fits(chromium, server):
    # A 720 px window at 200%: 360 CSS px, with text twice as large.
    context = chromium.new_context(viewport={"width": 720, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    try:
        wide = {}
        for name, path in PAGE_TYPES.items():
            page.goto(server + path.format(lang="ja"))
            page.evaluate("document.documentElement.style.zoom = '200%'")
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1] + 1:
                wide[name] = width
        assert wide == {}
    finally:
        context.close()
