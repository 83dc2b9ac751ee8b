"""Birthday and month arithmetic, named, with the edge cases decided once.

The law counts card and certificate validity in birthdays "after the issue
date" (発行の日後), so a birthday on the issue date itself does not count.
Someone born on 29 February has no birthday in a common year: no official
source settles which day stands in for it. Civil Code art. 143 points to
28 February (FACTS.md §3); the city's data can choose 1 March instead.

Ages are another matter (FACTS.md §8). Under 年齢計算ニ関スル法律 with Civil
Code art. 143 an age is reached at the end of the day before the birthday, so
a rule judged on a date ("発行の日において18歳以上") counts that whole day: born
2008-06-02, a person is 18 on 2026-06-01. That is the default reckoning
("day_before"); a city may keep the older reading, the birthday itself
("birthday"). `age_on` is the one age function: every rule asks it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


LEAP_DAY_RULES = ("feb28", "mar1")
# How an age is reached: at the end of the day before the birthday, by statute
# ("day_before", the default), or on the birthday itself ("birthday").
AGE_RECKONINGS = ("day_before", "birthday")


def birthday_in_year(birth: date, year: int, leap_day_rule: str = "feb28") -> date:
    """The day that counts as the birthday of someone born on `birth` in `year`."""
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28) if leap_day_rule == "feb28" else date(year, 3, 1)
    return birth.replace(year=year)


def nth_birthday_after(birth: date, after: date, n: int, leap_day_rule: str = "feb28") -> date:
    """The n-th birthday strictly after `after` (a birthday on `after` is not counted)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    year = after.year
    if birthday_in_year(birth, year, leap_day_rule) <= after:
        year += 1
    return birthday_in_year(birth, year + n - 1, leap_day_rule)


def age_reached_on(birth: date, age: int, *, reckoning: str, leap_day_rule: str) -> date:
    """The first day on which someone born on `birth` counts as `age` years old.

    "day_before": the period of `age` years counted from the day of birth ends
    on the day before its anniversary (Civil Code art. 143(2)); with no such
    day in the last year (born 29 February, a common year) it ends on the last
    day of February. Born 29 February, the age is so reached on 28 February in
    every year, leap or not. "birthday": the birthday itself, 29 February
    births by the leap-day rule.
    """
    if age < 0:
        raise ValueError("an age is never negative")
    if age == 0:
        return birth
    year = birth.year + age
    if reckoning == "birthday":
        return birthday_in_year(birth, year, leap_day_rule)
    if reckoning != "day_before":
        raise ValueError(f"unknown age reckoning {reckoning!r}; expected one of {', '.join(AGE_RECKONINGS)}")
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth.replace(year=year) - timedelta(days=1)


def age_on(birth: date, on: date, *, reckoning: str, leap_day_rule: str) -> int:
    """Completed years of age on `on`, reached as `reckoning` says (module docstring).

    Before the day of birth the answer is -1 (not yet born); callers refuse such dates."""
    if on < birth:
        return -1
    # Reckoned by the day before, 1 January births are a year older on 31 December.
    years = on.year - birth.year + 1
    while years > 0 and on < age_reached_on(birth, years, reckoning=reckoning, leap_day_rule=leap_day_rule):
        years -= 1
    return years


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; a day the month lacks becomes its last day (31 May − 3 → 28/29 Feb)."""
    return months_after(day, -months)


def months_after(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day.
    (dateutil's relativedelta(months=...) says the same, at a tenth of the speed:
    a register's import asks it for thousands of expiries.)"""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
