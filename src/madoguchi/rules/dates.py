"""Birthday and month arithmetic, named, with the edge cases decided once.

The law counts card and certificate validity in birthdays "after the issue
date" (発行の日後), so a birthday on the issue date itself does not count.
Someone born on 29 February has no birthday in a common year: no official
source settles which day stands in for it. Civil Code art. 143 points to
28 February (FACTS.md §3); the city's data can choose 1 March instead.
"""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

LEAP_DAY_RULES = ("feb28", "mar1")


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


def age_on(birth: date, on: date, leap_day_rule: str = "feb28") -> int:
    """Completed years of age on `on` (the age is reached on the birthday)."""
    years = on.year - birth.year
    if on < birthday_in_year(birth, on.year, leap_day_rule):
        years -= 1
    return years


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; a day the month lacks becomes its last day (31 May − 3 → 28/29 Feb)."""
    return day - relativedelta(months=months)


def months_after(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day."""
    return day + relativedelta(months=months)
