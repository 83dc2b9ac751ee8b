"""The forecast spreads a window's visits over the weeks after it opens: by
the city's own renewal cases once there are enough (each case records the
window it renewed), else by forecast.yaml `arrival_weeks`, else all in the
first week. The register's counts stay the GROUP BY counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.counter.models import Case
from madoguchi.forecast import history
from madoguchi.forecast.services.plan import forecast
from madoguchi.rules import forecast as fc
from madoguchi.rules.validity import card_validity

from .conftest import add_card

pytestmark = pytest.mark.django_db

OPENED = date(2026, 9, 7)  # a Monday


def renewal_cases(card, weeks_after: list[int]) -> None:
    """Certificate renewals done this many weeks after the window opened."""
    for n, k in enumerate(weeks_after):
        at = datetime.combine(OPENED + timedelta(weeks=k, days=1), datetime.min.time(), tzinfo=clock.TOKYO) + timedelta(hours=10)
        Case.objects.create(
            resident=card.resident, card=card, action="certificate-renewal", procedure=fc.CERTIFICATE_RENEWAL, clerk="tanaka",
            started_at=at, completed_at=at + timedelta(minutes=20), window_opened=OPENED, office_id="citizen-division",
        )  # fmt: skip


def settings_with(monkeypatch, **changes) -> fc.ForecastSettings:
    fs = fc.ForecastSettings(**{**fc.load_forecast_settings("koganei").__dict__, **changes})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": fs)
    return fs


def four_cards():
    rules = municipality().validity
    # Issued between May 2022 and May 2023: the certificates' windows open Saturday 6 February 2027 (2027-W05).
    return [add_card(n, date(1980, 5, 5), issued, card_validity(rules, date(1980, 5, 5), issued))
            for n, issued in enumerate([date(2022, 6, 1), date(2022, 6, 2), date(2022, 9, 3), date(2023, 1, 10)])]  # fmt: skip


def test_the_citys_cases_give_the_share_of_each_week_after_the_window_opened(now, monkeypatch):
    [card, *_] = four_cards()
    renewal_cases(card, [0, 0, 0, 0, 0, 1, 1, 1, 2, 2])
    fs = settings_with(monkeypatch, arrival_min_cases=10)
    assert history.measured_arrivals(fs) == {fc.CERTIFICATE_RENEWAL: pytest.approx((0.5, 0.3, 0.2))}
    assert history.measured_arrivals(settings_with(monkeypatch, arrival_min_cases=11)) == {}  # too few yet


def test_the_forecast_spreads_the_register_by_the_citys_setting(now, monkeypatch):
    four_cards()
    settings_with(monkeypatch, arrival_weeks={fc.CERTIFICATE_RENEWAL: (0.5, 0.25, 0.25)})
    rows = forecast(date(2027, 2, 1), date(2027, 3, 7), by="week", procedure=fc.CERTIFICATE_RENEWAL)
    uptake = fc.load_forecast_settings("koganei").uptake[fc.CERTIFICATE_RENEWAL]
    visits = {r.period: r.expected_visits for r in rows if r.expected_visits}
    assert visits == pytest.approx({"2027-W05": 2 * uptake, "2027-W06": 1 * uptake, "2027-W07": 1 * uptake})


def test_a_range_starting_inside_the_spread_counts_the_windows_opened_before_it(now, monkeypatch):
    four_cards()
    settings_with(monkeypatch, arrival_weeks={fc.CERTIFICATE_RENEWAL: (0.5, 0.25, 0.25)})
    rows = forecast(date(2027, 2, 15), date(2027, 2, 21), by="week", procedure=fc.CERTIFICATE_RENEWAL)
    assert sum(r.expected_visits for r in rows) == pytest.approx(4 * 0.25 * fc.load_forecast_settings("koganei").uptake[fc.CERTIFICATE_RENEWAL])


def test_the_citys_history_beats_its_setting_and_without_either_all_come_the_first_week(now, monkeypatch):
    cards = four_cards()
    uptake = fc.load_forecast_settings("koganei").uptake[fc.CERTIFICATE_RENEWAL]
    settings_with(monkeypatch)
    first = forecast(date(2027, 2, 1), date(2027, 3, 7), by="week", procedure=fc.CERTIFICATE_RENEWAL)
    assert {r.period: r.expected_visits for r in first if r.expected_visits} == pytest.approx({"2027-W05": 4 * uptake})
    renewal_cases(cards[0], [0, 1, 1, 1])
    settings_with(monkeypatch, arrival_min_cases=4, arrival_weeks={fc.CERTIFICATE_RENEWAL: (0.5, 0.5)})
    rows = forecast(date(2027, 2, 1), date(2027, 3, 7), by="week", procedure=fc.CERTIFICATE_RENEWAL)
    assert {r.period: r.expected_visits for r in rows if r.expected_visits} == pytest.approx({"2027-W05": 1 * uptake, "2027-W06": 3 * uptake})
