"""A page per procedure, rendered from the catalog, in every language."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils.html import escape

from madoguchi.core import clock
from madoguchi.core.furigana import ruby_html
from madoguchi.rules.loader import load_municipality

PROCEDURE_IDS = [p.id for p in load_municipality("koganei").catalog.all()]


@pytest.fixture
def client() -> Client:
    return Client()


def test_root_redirects_to_japanese(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/ja/"


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_procedure_list_links_every_procedure(client, lang):
    html = client.get(f"/{lang}/").content.decode()
    for pid in PROCEDURE_IDS:
        assert f"/{lang}/procedures/{pid}/" in html


@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
@pytest.mark.parametrize("pid", PROCEDURE_IDS)
def test_every_procedure_page_renders(client, lang, pid):
    response = client.get(f"/{lang}/procedures/{pid}/")
    assert response.status_code == 200
    html = response.content.decode()
    name = load_municipality("koganei").catalog.get(pid).name.get(lang)
    assert (ruby_html(name) if lang == "easy" else escape(name)) in html
    assert 'lang="en"' in html if lang == "en" else 'lang="ja"' in html


def test_reissue_page_shows_fee_and_next_days_skipping_the_maintenance_sunday(client):
    with clock.pinned(datetime(2026, 11, 20, 10, 0)):
        html = client.get("/ja/procedures/reissue-after-loss/").content.decode()
    assert "1,000円" in html and "800円" in html
    assert "2026年11月20日（金）" in html
    assert "2026年11月22日（日）" in html and "メンテナンス" in html  # listed as closed, with why
    assert "2026年11月23日（月）" in html and "勤労感謝の日" in html
    open_days = html.split("次の受付日")[1].split("近くの休止日")[0]
    assert "11月22日" not in open_days and "11月23日" not in open_days
    # the hours as the outcome's steps say them (8時30分〜17時), not the data's 08:30–17:00
    assert "<li>2026年11月20日（金） 8時30分〜17時</li>" in open_days and "08:30" not in open_days


@pytest.mark.django_db
def test_a_name_inside_a_heading_keeps_its_readings_on_easy_pages(client):
    """A procedure's easy name set into a catalog heading (the suspension that comes
    first, the booking page's heading) shows its kanji with ruby, not turned into kana."""
    name = load_municipality("koganei").catalog.get("suspend-lost-card").name.get("easy")
    html = client.get("/easy/procedures/reissue-after-loss/").content.decode()
    heading = html.split('id="h-first-suspend-lost-card">')[1].split("</h2>")[0]
    assert ruby_html(name) in heading
    booking = load_municipality("koganei").catalog.get("certificate-renewal").name.get("easy")
    page = client.get("/easy/book/certificate-renewal/").content.decode()
    assert ruby_html(booking) in page.split("<h1>")[1].split("</h1>")[0]


def test_suspension_page_shows_the_24_hour_lines(client):
    html = client.get("/ja/procedures/suspend-lost-card/").content.decode()
    assert "0120-95-0178" in html and "0120-0178-27" in html and "365日24時間" in html


def test_unknown_procedure_and_language_are_404(client):
    assert client.get("/ja/procedures/no-such-thing/").status_code == 404
    assert client.get("/fr/").status_code == 404


def test_language_switch_keeps_the_page(client):
    html = client.get("/en/procedures/pin-reset/").content.decode()
    assert 'href="/ja/procedures/pin-reset/"' in html and 'href="/easy/procedures/pin-reset/"' in html


def test_procedure_page_has_a_month_calendar_and_a_booking_link_where_bookable(client):
    with clock.pinned(datetime(2026, 11, 20, 10, 0)):
        html = client.get("/ja/procedures/reissue-after-loss/").content.decode()
        phone_only = client.get("/ja/procedures/suspend-lost-card/").content.decode()
    assert "2026年11月の受付日（紛失後の再交付）" in html
    assert 'href="/ja/book/reissue-after-loss/"' in html
    assert "/book/" not in phone_only and '<table class="month">' not in phone_only


@pytest.mark.parametrize("lang, caveat", [("ja", "確認中"), ("en", "to be confirmed"), ("easy", "確《たし》かめて")])
def test_a_documented_assumption_is_not_a_caveat_on_a_residents_page(client, lang, caveat):
    """Issue 12: the Sunday hours are a documented assumption (koganei/assumptions.yaml,
    `madoguchi assumptions` for IT staff); while Sundays are bookable the resident is shown
    the hours, not a doubt about them."""
    html = client.get(f"/{lang}/procedures/card-pickup/").content.decode()
    assert {"en": "13:00", "ja": "13時", "easy": "13<ruby>時"}[lang] in html  # the Sunday hours are still shown
    assert caveat not in html and "推定" not in html
    booking = client.get(f"/{lang}/book/card-pickup/")
    assert booking.status_code in (200, 302) and caveat not in booking.content.decode()
