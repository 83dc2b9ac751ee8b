"""Which languages a page is offered in: the guide and bookings in 中文 too, the rest in ja, en and easy (ADR 0021)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def switch(html: str) -> list[str]:
    start = html.index('class="lang-switch"')
    return [code for code in ("ja", "en", "easy", "zh") if f'href="/{code}/' in html[start:html.index("</nav>", start)]]


def test_the_guide_offers_chinese_in_its_language_switch():
    html = Client().get("/ja/").content.decode()
    assert switch(html) == ["ja", "en", "easy", "zh"]
    assert 'lang="zh-Hans">中文</a>' in html


def test_a_page_not_translated_is_not_offered_in_chinese():
    assert Client().get("/zh/queue/").status_code == 404
    html = Client().get("/ja/queue/").content.decode()
    assert switch(html) == ["ja", "en", "easy"]


def test_a_chinese_page_links_to_a_page_not_translated_in_japanese():
    from django.urls import reverse

    assert reverse("queue:waits", kwargs={"lang": "zh"}) == "/ja/queue/"
    assert reverse("guide:start", kwargs={"lang": "zh"}) == "/zh/guide/"
