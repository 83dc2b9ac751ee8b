"""The renewal wave's arithmetic (rules/forecast.py): periods, minutes, shares, paced letters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from madoguchi.rules import forecast as fc
from madoguchi.rules.dated import Change, Dated
from madoguchi.rules.errors import DataError, RulesInputError

W1 = date(2027, 3, 1)  # a Monday
W2, W3, W4 = (W1 + timedelta(weeks=n) for n in (1, 2, 3))


def test_periods_are_days_or_iso_weeks():
    assert fc.period_of(date(2027, 1, 3), "week") == "2026-W53" and fc.period_of(date(2027, 1, 4), "week") == "2027-W01"
    assert fc.periods(date(2027, 1, 1), date(2027, 1, 12), "week") == ["2026-W53", "2027-W01", "2027-W02"]
    assert fc.periods(date(2027, 1, 1), date(2027, 1, 2), "day") == ["2027-01-01", "2027-01-02"]


@pytest.mark.parametrize("start, end, by, code", [
    (date(2027, 2, 1), date(2027, 1, 1), "week", "range_backwards"),
    (date(2027, 1, 1), date(2028, 7, 3), "week", "forecast_too_long"),
    (date(2027, 1, 1), date(2027, 2, 1), "month", "forecast_by"),
])  # fmt: skip
def test_a_bad_range_says_what_is_wrong(start, end, by, code):
    with pytest.raises(RulesInputError) as e:
        fc.check_forecast_range(start, end, by)
    assert e.value.code == code


def test_eighteen_months_is_the_longest_range():
    fc.check_forecast_range(date(2027, 1, 1), date(2027, 1, 1) + timedelta(days=fc.MAX_DAYS - 1), "day")


def test_a_windows_time_is_split_evenly_among_its_procedures():
    assert fc.procedure_shares([["a", "b"], ["a"], ["c", "a", "b"]]) == pytest.approx({"a": 1 / 2 + 1 + 1 / 3, "b": 1 / 2 + 1 / 3, "c": 1 / 3})


def test_uptake_setting_then_history_then_everyone():
    s = fc.ForecastSettings(uptake={"card-renewal": 0.8})
    assert fc.uptake_for(s, "card-renewal", 0.5) == 0.8
    assert fc.uptake_for(s, "certificate-renewal", fc.measured_uptake(300, 400, 200)) == 0.75
    assert fc.uptake_for(s, "certificate-renewal", fc.measured_uptake(100, 400, 200)) == 1.0  # too few cases yet


def test_paced_letters_stay_under_capacity_earliest_cohort_first():
    plan = fc.pace({W1: 30, W2: 10}, {W1: 10, W2: 10, W3: 10, W4: 10}, uptake=1.0, latest_after_weeks=3)
    assert [(p.week, p.letters) for p in plan] == [
        (W1, {W1: 10}), (W2, {W1: 10}), (W3, {W1: 10}), (W4, {W2: 10}),
        (W4 + timedelta(weeks=1), {}),
    ]  # fmt: skip
    assert all(p.visits <= p.capacity for p in plan)


def test_a_cohort_at_its_latest_week_is_sent_whole_and_the_shortfall_said():
    plan = fc.pace({W1: 50}, {W1: 10, W2: 10}, uptake=0.5, latest_after_weeks=1)
    assert [p.letters for p in plan] == [{W1: 20}, {W1: 30}]
    assert plan[1].visits == 15 and plan[1].short_visits == 5  # never later than the rule's latest week


def test_a_city_folder_that_sets_extra_openings_and_pacing_has_them(tmp_path):
    city = tmp_path / "sample-city"
    city.mkdir()
    (city / "forecast.yaml").write_text(
        'extra_openings:\n  max_clerks_per_day: 4\n  saturday: {start: "09:00", end: "12:00"}\n'
        '  evening: {start: "17:15", end: "19:30"}\npaced_letters:\n  enabled: true\n',
        encoding="utf-8",
    )
    fs = fc.load_forecast_settings(str(city))
    assert (fs.max_clerks_per_day, fs.saturday_hours, fs.evening_hours) == (4, ("09:00", "12:00"), ("17:15", "19:30"))
    assert fs.paced_letters is True
    koganei = fc.load_forecast_settings("koganei")
    assert (koganei.max_clerks_per_day, koganei.saturday_hours, koganei.evening_hours, koganei.paced_letters) == (0, None, None, False)


def test_one_week_s_letters_fill_its_room_earliest_cohort_first_and_send_a_due_cohort_whole():
    w0 = date(2027, 4, 5)
    w1, w2 = w0 + timedelta(weeks=1), w0 + timedelta(weeks=2)
    waiting = {w0: 5, w1: 5, w2: 5}
    assert fc.letters_for_week(waiting, w1, room=7, latest_after_weeks=3) == {w0: 5, w1: 2}  # w2 not open yet
    assert fc.letters_for_week(waiting, w0 + timedelta(weeks=3), room=0, latest_after_weeks=3) == {w0: 5}  # at its latest week


def test_an_offices_minutes_are_its_own_then_the_citys_then_the_typical():
    own, city = [10.0] * 30, [20.0] * 50
    assert (fc.measure_at_office(own, city, 25, 30).median, fc.measure_at_office(own, city, 25, 30).basis) == (10.0, "office")
    few = fc.measure_at_office(own[:29], city, 25, 30)  # too few of its own: every office's together
    assert (few.median, few.basis, few.measured) == (20.0, "city", True)
    none = fc.measure_at_office([], city[:29], 25, 30)  # too few anywhere: the data's typical minutes
    assert (none.median, none.basis, none.measured) == (25.0, "typical", False)


# --- visits spread over the renewal window (arrival profile) -------------------

PROFILE = (0.5, 0.3, 0.2)


@pytest.mark.parametrize("start, end, expected", [
    (W1, W4 + timedelta(days=6), {W1: 50, W2: 30, W3: 20}),  # the whole spread: 50/30/20 over three weeks
    (W2, W4, {W2: 30, W3: 20}),  # the range starts after the window opened: its later weeks only
    (W1, W2, {W1: 50, W2: 30}),  # the range ends before the spread does
    (W4, W4 + timedelta(days=6), {}),  # past the profile's last week: nothing left
])  # fmt: skip
def test_a_cohort_spreads_over_the_weeks_after_its_window_opens(start, end, expected):
    assert dict(fc.spread({W1: 100}, PROFILE, start, end)) == pytest.approx(expected)


def test_the_spread_keeps_the_total_and_without_a_profile_everyone_comes_the_first_day():
    cohorts = {W1: 100, W1 + timedelta(days=3): 7, W2: 40}
    spread = fc.spread(cohorts, PROFILE, W1, W4 + timedelta(weeks=2))
    assert sum(spread.values()) == pytest.approx(147)
    assert spread[W2] == pytest.approx(100 * 0.3 + 40 * 0.5) and spread[W1 + timedelta(days=10)] == pytest.approx(7 * 0.3)
    assert dict(fc.spread(cohorts, (1.0,), W1, W4)) == cohorts


def test_the_profile_is_the_citys_history_then_its_setting_then_the_first_week():
    s = fc.ForecastSettings(arrival_weeks={fc.CERTIFICATE_RENEWAL: (0.6, 0.4)})
    assert fc.arrival_profile(s, fc.CERTIFICATE_RENEWAL, PROFILE) == PROFILE
    assert fc.arrival_profile(s, fc.CERTIFICATE_RENEWAL, None) == (0.6, 0.4)
    assert fc.arrival_profile(s, fc.CARD_RENEWAL, None) == (1.0,)  # neither: no curve invented
    assert fc.arrival_profile(s, fc.PERIOD_OF_STAY, PROFILE) == (1.0,)  # no window to spread over


def test_the_measured_profile_is_the_share_of_cases_each_week_once_there_are_enough():
    weeks = {0: 5, 1: 3, 2: 2, 20: 4}  # week 20 is past any three-month window: not counted
    assert fc.measured_arrival(weeks, min_cases=10, most_weeks=13) == pytest.approx((0.5, 0.3, 0.2))
    assert fc.measured_arrival(weeks, min_cases=11, most_weeks=13) is None
    assert fc.measured_arrival({0: 2, 3: 2}, min_cases=4, most_weeks=13) == pytest.approx((0.5, 0, 0, 0.5))


def _city(tmp_path, text: str) -> str:
    city = tmp_path / "sample-city"
    city.mkdir()
    (city / "forecast.yaml").write_text(text, encoding="utf-8")
    return str(city)


def test_a_city_sets_its_arrival_weeks_and_the_paced_letters_latest_week(tmp_path):
    fs = fc.load_forecast_settings(_city(tmp_path, (
        "arrival_weeks:\n  certificate-renewal: [0.4, 0.3, 0.2, 0.1]\n"
        "paced_letters:\n  enabled: true\n  latest_weeks_after_opening: 11\nsettings:\n  arrival_min_cases: 50\n"
    )))  # fmt: skip
    assert fs.arrival_weeks == {fc.CERTIFICATE_RENEWAL: (0.4, 0.3, 0.2, 0.1)}
    assert (fs.paced_latest_weeks, fs.arrival_min_cases) == (11, 50)
    assert fc.load_forecast_settings("koganei").paced_latest_weeks == 8  # the default


@pytest.mark.parametrize("text, key, says", [
    ("arrival_weeks:\n  certificate-renewal: [0.5, 0.3]\n", "arrival_weeks.certificate-renewal", "sum to 1"),
    ("arrival_weeks:\n  certificate-renewal: [" + ", ".join(["0.0625"] * 16) + "]\n", "arrival_weeks.certificate-renewal", "from 1 to 13"),
    ("arrival_weeks:\n  certificate-renewal: [1.5, -0.5]\n", "arrival_weeks.certificate-renewal[0]", "share from 0 to 1"),
    ("arrival_weeks:\n  period-of-stay-change: [1.0]\n", "arrival_weeks.period-of-stay-change", "renewal window"),
    ("paced_letters:\n  latest_weeks_after_opening: 12\n", "paced_letters.latest_weeks_after_opening", "3-month window"),
])  # fmt: skip
def test_a_bad_arrival_profile_or_latest_week_fails_to_load_naming_file_and_key(tmp_path, text, key, says):
    with pytest.raises(DataError) as e:
        fc.load_forecast_settings(_city(tmp_path, text))
    assert e.value.file == "sample-city/forecast.yaml" and e.value.key == key and says in str(e.value)


def test_the_latest_week_is_checked_against_the_national_window_in_the_data_not_three_months(tmp_path, monkeypatch):
    # A (fictional) change of the law to a two-month window: 58 days at the shortest, so 7 weeks at most.
    two = Dated((Change(None, 3, ()), Change(date(2030, 4, 1), 2, ())))
    monkeypatch.setattr(fc, "national_window_months", lambda: two)
    assert fc.latest_weeks_allowed(2) == 7
    with pytest.raises(DataError) as e:
        fc.load_forecast_settings(_city(tmp_path, "paced_letters:\n  latest_weeks_after_opening: 8\n"))
    assert "2-month window" in str(e.value) and "2030-04-01" in str(e.value)
