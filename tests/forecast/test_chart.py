"""The forecast chart's x-axis: each week by its Monday's date as the table writes it (11月30日, the
year under the first label of a year), never an ISO week; fewer labels on a phone's narrow figure,
which the staff page asks for below 40rem."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from madoguchi.forecast.chart import NARROW, WIDE, render, tick_labels
from madoguchi.rules import forecast as fc

# 78 weeks from Monday 30 November 2026, as the staff page shows by default (18 months).
WEEKS = fc.periods(date(2026, 11, 30), date(2026, 11, 30) + timedelta(weeks=78, days=-1), "week")


def test_a_week_is_labelled_by_its_mondays_date_and_a_year_where_one_begins():
    at, labels = tick_labels(WEEKS, WIDE[1])
    assert len(WEEKS) == 78 and len(at) <= 12
    assert labels[0] == "11月30日\n2026年"  # 2026-W49
    assert labels[1] == "1月18日\n2027年"  # 2027-W03, seven weeks on: the first label of 2027
    assert labels[2] == "3月8日"
    assert not any("W" in label for label in labels)
    assert [fc.period_start(WEEKS[i]).weekday() for i in at] == [0] * len(at)  # Mondays, evenly spaced
    assert len({b - a for a, b in zip(at, at[1:])}) == 1


def test_a_phone_gets_four_labels_across_the_same_weeks():
    at, labels = tick_labels(WEEKS, NARROW[1])
    assert len(at) == 4 and labels[0] == "11月30日\n2026年"


def test_a_day_period_is_labelled_by_itself():
    assert tick_labels(["2027-01-30", "2027-01-31"], 12) == ([0, 1], ["1月30日\n2027年", "1月31日"])
    assert fc.period_start("2027-W05") == date(2027, 2, 1) and fc.period_start("2027-01-30") == date(2027, 1, 30)


@pytest.mark.parametrize("narrow", [False, True])
def test_the_chart_is_drawn_at_its_size(narrow):
    rows = [fc.row(week, "o", "p", 10, 30, 60 * 40, 8) for week in WEEKS]
    svg = render(rows, "svg", narrow=narrow).decode()
    (width, height), _ = NARROW if narrow else WIDE
    assert f'width="{width * 72:g}pt" height="{height * 72:g}pt"' in svg
