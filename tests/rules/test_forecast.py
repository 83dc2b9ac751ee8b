"""The renewal wave's arithmetic (rules/forecast.py): periods, minutes, shares, paced letters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from madoguchi.rules import forecast as fc
from madoguchi.rules.errors import RulesInputError

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
