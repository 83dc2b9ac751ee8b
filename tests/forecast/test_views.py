"""The staff forecast page: chart, table, CSV; a supervisor applies a suggested
extra capacity in one audited action and the week's slots appear for residents."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.booking.models import Slot
from madoguchi.core.city import municipality
from madoguchi.forecast.models import Staffing
from madoguchi.rules.validity import card_validity

from ..staff.conftest import clerk_client, make_staff, supervisor_client  # noqa: F401 (fixtures)
from .conftest import add_card

pytestmark = pytest.mark.django_db

URL = "/staff/forecast/?office=citizen-division&procedure=certificate-renewal&from=2027-01-04&to=2027-03-28"


@pytest.fixture
def wave(db, now):
    """200 certificates whose renewal window opens on Saturday 6 February 2027 (week 2027-W05)."""
    rules = municipality().validity
    v = card_validity(rules, date(1980, 5, 5), date(2022, 6, 1))
    for n in range(200):
        add_card(n, date(1980, 5, 5), date(2022, 6, 1), v)


def test_the_page_shows_the_over_capacity_week_in_the_table_and_a_suggestion(wave, clerk_client):
    page = clerk_client.get(URL).content.decode()
    assert "窓口の需要予測と体制" in page and "Counter demand forecast and capacity" not in page  # Japanese only by default
    # 90% of 200; the week as its Monday's date a clerk reads, its ISO week (the CSV's) beside
    assert 'class="over-capacity"><th scope="row">2027年2月1日（月）<br><small>2027-W05</small></th><td>180</td>' in page
    assert "2027年2月1日（月）からの週（2027-W05）（電子証明書の更新）" in page  # the suggestion names the week alike
    assert '<option value="citizen-division" selected>小金井市役所第二庁舎一階 市民課窓口</option>' in page  # not the id
    assert "2027-W06" in page and page.count('class="over-capacity"') == 1
    assert "提案の適用は監督者が行います" in page and "forecast/apply/" not in page  # a clerk sees, a supervisor applies


def test_with_english_beside_the_suggestion_names_the_week_and_procedure_in_english_too(wave, clerk_client):
    from madoguchi.staff.models import StaffProfile

    StaffProfile.objects.filter(user__username="tanaka").update(show_english=True)
    page = clerk_client.get(URL).content.decode()
    assert "2027年2月1日（月）からの週（2027-W05）（電子証明書の更新）" in page
    assert "the week from Monday 1 February 2027 (2027-W05) (Renewing the electronic certificates)" in page


def test_the_chart_is_svg_and_the_csv_has_the_rows(wave, clerk_client):
    svg = clerk_client.get(URL.replace("/?", "/chart.svg?"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    page = clerk_client.get(URL).content.decode()  # a phone (below 40rem) is sent the narrow figure
    assert '<source media="(max-width: 40rem)" srcset="/staff/forecast/chart.svg?office=citizen-division&amp;' in page
    narrow = clerk_client.get(URL.replace("/?", "/chart.svg?") + "&size=narrow").content
    assert b'width="302.4pt"' in narrow and b'width="302.4pt"' not in svg.content
    csv = clerk_client.get(URL.replace("/?", "/forecast.csv?")).content.decode("utf-8-sig").splitlines()
    assert csv[0] == "period,office,procedure,expected_visits,minutes_needed,minutes_available,seats,over_capacity"
    assert any(line.startswith("2027-W05,citizen-division,certificate-renewal,180.0,4500,") and line.endswith("True") for line in csv)


def test_a_supervisor_applies_the_suggestion_once_audited_and_the_slots_open(wave, supervisor_client):
    page = supervisor_client.get(URL).content.decode()
    assert "forecast/apply/" in page
    done = supervisor_client.post("/staff/forecast/apply/", {"office": "citizen-division", "procedure": "certificate-renewal", "week": "2027-W05"}, follow=True)
    assert "2027-W05の提案を適用しました" in done.content.decode()
    days = sorted(set(Slot.objects.filter(procedure_id="certificate-renewal").values_list("date", flat=True)))
    assert days and all(date(2027, 2, 1) <= d <= date(2027, 2, 7) for d in days)
    assert date(2027, 2, 6) not in days  # Saturday: closed, no slot
    assert Staffing.objects.filter(day__in=days).count() == len(days)
    assert AuditEntry.objects.filter(subject_type="forecast-plan", subject_id="citizen-division:certificate-renewal:2027-W05").count() == 1
    from django.test import Client

    from madoguchi.core.date_text import time_text

    day = Client().get("/ja/book/certificate-renewal/2027-02-01/").content.decode()
    seats = Slot.objects.filter(date=date(2027, 2, 1)).first()
    assert seats.capacity > 1 and time_text(seats.start, "ja", readings=False) in day  # the resident's booking page offers the new slots


def test_a_clerk_cannot_apply(wave, clerk_client):
    response = clerk_client.post("/staff/forecast/apply/", {"office": "citizen-division", "procedure": "certificate-renewal", "week": "2027-W05"})
    assert response.status_code in (302, 403) and not Slot.objects.exists() and not Staffing.objects.exists()


def test_the_page_says_saturday_and_evening_suggestions_are_off_until_the_city_sets_them(wave, clerk_client):
    page = clerk_client.get(URL).content.decode()
    assert "extra_openings" in page and "設定するまで出ません" in page  # Koganei's forecast.yaml sets none
    assert "に開庁（予約枠も開きます）" not in page


def test_a_city_that_sets_extra_openings_gets_them_suggested(wave, clerk_client, monkeypatch):
    from madoguchi.rules import forecast as fc

    base = fc.load_forecast_settings("koganei")
    city = fc.ForecastSettings(**{**base.__dict__, "max_clerks_per_day": 3, "saturday_hours": ("09:00", "17:00")})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city_id="koganei": city)
    page = clerk_client.get(URL).content.decode()
    assert "設定するまで出ません" not in page
    assert "2027年2月6日（土） 09:00〜17:00に開庁" in page
