"""Ages under 年齢計算ニ関スル法律 and the birthday reading (FACTS.md §8)."""

from dataclasses import replace
from datetime import date

import pytest
from tests.rules.conftest import cases

from madoguchi.rules.dates import age_on, age_reached_on


@pytest.mark.parametrize("case", cases("ages.yaml", "ages"))
def test_age_on_a_date_under_each_reading(koganei, case):
    born, on = case["born"], case["day"]
    assert age_on(born, on, reckoning="day_before", leap_day_rule="feb28") == case["day_before"]
    assert age_on(born, on, reckoning="birthday", leap_day_rule="feb28") == case["birthday"]
    # By statute the leap-day rule plays no part: 29 February births are a year older on 28 February.
    assert age_on(born, on, reckoning="day_before", leap_day_rule="mar1") == case["day_before"]
    if "birthday_mar1" in case:
        assert age_on(born, on, reckoning="birthday", leap_day_rule="mar1") == case["birthday_mar1"]
    # The city's rules ask the same function with the city's settings.
    assert koganei.validity.age_on(born, on) == case["day_before"]
    assert replace(koganei.validity, age_reckoning="birthday").age_on(born, on) == case["birthday"]


def test_the_statutory_reading_is_the_national_default_and_koganeis_choice(koganei):
    assert koganei.validity.age_reckoning == "day_before"


def test_the_day_an_age_is_reached():
    assert age_reached_on(date(2008, 6, 2), 18, reckoning="day_before", leap_day_rule="feb28") == date(2026, 6, 1)
    assert age_reached_on(date(2008, 6, 2), 18, reckoning="birthday", leap_day_rule="feb28") == date(2026, 6, 2)
    assert age_reached_on(date(2008, 6, 2), 0, reckoning="day_before", leap_day_rule="feb28") == date(2008, 6, 2)


def test_an_unknown_reading_is_refused():
    with pytest.raises(ValueError, match="day_before, birthday"):
        age_on(date(2000, 1, 1), date(2020, 1, 1), reckoning="from-birth", leap_day_rule="feb28")


def test_before_birth_there_is_no_age():
    assert age_on(date(2020, 5, 1), date(2020, 4, 30), reckoning="day_before", leap_day_rule="feb28") == -1
