"""The product's own error pages, under the production settings' DEBUG=False: 404, 403,
500, busy (503) and the CSRF failure, each in the URL's language (ja, en, やさしい日本語; 中文 as the guide),
Japanese with English beside where the URL has none; the API keeps its problems."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.error_urls")]

# (the page's language, words its title must hold)
NOT_FOUND = {"ja": "ページが見つかりません", "en": "Page not found", "easy": "ページが"}
SERVER_ERROR = {"ja": "問題が発生しました", "en": "Sorry, something went wrong", "easy": "<ruby>問題<rt>もんだい</rt></ruby>が ありました"}
FORBIDDEN = {"ja": "このページは表示できません", "en": "You cannot open this page", "easy": "この ページは"}
CSRF = {"ja": "ページの有効期限が切れました", "en": "This page has expired", "easy": "ページの"}
HTML_LANG = {"ja": "ja", "en": "en", "easy": "ja"}


@pytest.fixture
def production(settings):
    settings.DEBUG = False  # as settings/production.py
    return Client(raise_request_exception=False)


def page(response) -> str:
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"].startswith("no-store")
    return response.content.decode()


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_an_unknown_page_is_the_products_404_in_the_urls_language(production, lang):
    response = production.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = page(response)
    assert NOT_FOUND[lang] in html and f'<html lang="{HTML_LANG[lang]}">' in html
    assert "web/site.css" in html and "Not Found" not in html
    assert f'href="/{lang}/guide/"' in html  # the way back, in the same language


def test_easy_japanese_pages_give_readings_for_their_kanji(production):
    html = page(production.get("/easy/no-such-page/"))
    assert "<ruby>見<rt>み</rt></ruby>つかりません" in html


def test_a_page_outside_the_languages_is_japanese_with_english_beside(production):
    html = page(production.get("/no-such-page/"))
    assert NOT_FOUND["ja"] in html and NOT_FOUND["en"] in html and '<html lang="ja">' in html


def test_a_staff_page_that_is_not_there_leads_back_to_the_staff_start(production):
    response = production.get("/staff/no-such-page/")
    assert response.status_code == 404
    html = page(response)
    assert NOT_FOUND["ja"] in html and NOT_FOUND["en"] in html and 'href="/staff/"' in html


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_a_server_error_is_the_products_500(production, lang):
    response = production.get(f"/{lang}/fails/")
    assert response.status_code == 500
    html = page(response)
    assert SERVER_ERROR[lang] in html and "Server Error" not in html


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_a_refusal_is_the_products_403(production, lang):
    response = production.get(f"/{lang}/forbidden/")
    assert response.status_code == 403
    assert FORBIDDEN[lang] in page(response)


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_a_database_wait_past_its_bound_is_the_busy_page_with_retry_after(production, lang):
    response = production.get(f"/{lang}/locked/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = page(response)
    assert {"ja": "ただいま混み合っています", "en": "Very busy right now", "easy": "<ruby>混<rt>こ</rt></ruby>んで います"}[lang] in html


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_a_form_sent_without_its_csrf_token_is_the_products_page(settings, lang):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{lang}/book/card-pickup/", {"notice_number": "B-1", "birth_date": "1990-01-01"})
    assert response.status_code == 403
    html = page(response)
    assert CSRF[lang] in html and "CSRF verification failed" not in html


def test_the_staff_login_without_its_csrf_token_says_so_in_japanese_and_english(settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/staff/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = page(response)
    assert CSRF["ja"] in html and CSRF["en"] in html


@pytest.mark.parametrize(("url", "status"), [("/api/v1/no-such/", 404), ("/api/v1/fails-forbidden/", 403)])
def test_the_api_keeps_its_problems(production, url, status):
    response = production.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == status


def _japanese_interface_text(html: str) -> list[str]:
    """What a 中文 page shows in Japanese outside the city's data (the zh pages' check, tests/guide/test_languages.py)."""
    from tests.guide.test_languages import KANA, _data_texts_in_japanese, visible

    data = _data_texts_in_japanese()
    left = []
    for text, lang, _ in visible(html, "zh-Hans").chunks:
        if lang == "zh-Hans":
            for d in data:
                text = text.replace(d, "")
            if KANA.search(text):
                left.append(text.strip())
    return left


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/zh/no-such-page/", 404, "找不到页面"),
        ("/zh/procedures/no-such-procedure/", 404, "找不到页面"),
        ("/zh/queue/", 404, "找不到页面"),  # a page not offered in 中文
        ("/zh/book/manage/no-such-token/", 404, "找不到此链接的预约"),
        ("/zh/fails/", 500, "出现了问题"),
        ("/zh/forbidden/", 403, "无法显示此页面"),
        ("/zh/locked/", 503, "目前非常拥挤"),
    ],
)
def test_a_chinese_error_page_has_no_japanese_interface_text(production, url, status, title):
    """A zh text missing from a catalog falls back to ja: the error pages in 中文 show none of it."""
    response = production.get(url)
    assert response.status_code == status and response["Content-Type"].startswith("text/html")
    html = response.content.decode()  # the booking's own "no such link" page is not no-store, as the product's error page is
    assert '<html lang="zh-Hans">' in html and title in html
    assert _japanese_interface_text(html) == []


def test_a_chinese_form_sent_without_its_csrf_token_has_no_japanese_interface_text(settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/zh/book/card-pickup/", {"notice_number": "B-1", "birth_date": "1990-01-01"})
    assert response.status_code == 403
    html = page(response)
    assert "页面已过期" in html and _japanese_interface_text(html) == []
