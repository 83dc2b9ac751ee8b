"""The public open-data page: the JSON's figures in words, from the same function,
so a count under the city's threshold is suppressed on the page as in the JSON;
linked from every public page's footer; served from the page cache."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from madoguchi.booking.models import Slot
from madoguchi.booking.services.slots import open_slots
from madoguchi.rules.forecast import load_forecast_settings

pytestmark = pytest.mark.django_db

JSON = "/api/v1/open-data/availability"
QUERY = {"office": "citizen-division", "procedure": "certificate-renewal"}


def row(page: str, table: str, procedure: str = "certificate-renewal") -> list[str]:
    """One procedure's row at the citizen division (table "" the summary, "weeks-" the seats by week): its cells."""
    start = page.index(f'<tr id="{table}citizen-division-{procedure}">')
    return page[start : page.index("</tr>", start)].split("<td>")[1:]


def test_a_small_count_is_suppressed_on_the_page_as_in_the_json(now):
    threshold = load_forecast_settings("koganei").open_data_min_count
    open_slots("certificate-renewal", date(2026, 12, 4), date(2026, 12, 4), "citizen-division")  # Friday: week 1
    open_slots("certificate-renewal", date(2026, 12, 7), date(2026, 12, 11), "citizen-division")  # week 2
    Slot.objects.filter(date=date(2026, 12, 4)).update(capacity=1, booked=1)
    Slot.objects.filter(pk=Slot.objects.filter(date=date(2026, 12, 4)).order_by("start").first().pk).update(booked=0)
    body = Client().get(JSON, QUERY).json()
    first, second = body["weeks"][0]["seats_free"], body["weeks"][1]["seats_free"]
    assert first is None and second >= threshold  # one free seat: under the threshold

    page = Client().get("/ja/open-data/").content.decode()
    weeks = row(page, "weeks-")
    assert "非公表" in weeks[0] and not weeks[0].startswith("1<")
    assert weeks[1].startswith(f"{second}</td>")
    summary = row(page, "")
    assert "2026年12月4日（金）" in summary[0]  # the next day with room: the one free seat still counts for that
    assert "25分（目安）" in summary[1]  # the typical minutes while too few cases are measured
    english = Client().get("/en/open-data/").content.decode()
    assert "not published" in row(english, "weeks-")[0] and "Friday 4 December 2026" in row(english, "")[0]


def test_the_weeks_say_their_year_once_and_each_monday_short(now):
    """Eight full dates did not fit a row: the year heads the first week and the one where it changes."""
    page = Client().get("/ja/open-data/").content.decode()
    head = page[page.index('<table class="records open-data-weeks">') :]
    head = head[: head.index("</thead>")]
    assert '<span class="week-year">2026年</span><br><span class="week-day">11月30日から</span>' in head
    assert '<span class="week-day">12月7日から</span>' in head and head.count("week-year") == 2  # 2026, then 2027
    assert '<span class="week-year">2027年</span><br><span class="week-day">1月4日から</span>' in head
    english = Client().get("/en/open-data/").content.decode()
    assert '<span class="week-day">30 November onwards</span>' in english


def test_the_page_names_no_one_and_links_the_json_and_the_openapi(now):
    page = Client().get("/easy/open-data/").content.decode()
    assert "<ruby>" in page  # やさしい日本語 with its readings
    assert "/api/v1/open-data/availability?office=citizen-division&amp;procedure=certificate-renewal" in page
    assert 'href="/api/v1/openapi.json"' in page and 'href="/api/v1/docs"' in page


@pytest.mark.parametrize("path", ["/ja/", "/en/book/certificate-renewal/", "/zh/"])
def test_every_public_page_links_it_in_the_footer(now, path):
    response = Client().get(path)
    assert response.status_code == 200
    lang = "ja" if path.startswith("/zh/") else path.split("/")[1]  # 中文 pages link the Japanese one
    assert f'href="/{lang}/open-data/"' in response.content.decode().split('<footer class="site-footer">')[1]


def test_it_is_kept_in_the_page_cache_until_its_bucket_ends(now):
    first = Client().get("/ja/open-data/")
    assert first["Cache-Control"].startswith("public, max-age=") and first.has_header("ETag")
    again = Client().get("/ja/open-data/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
