"""Paced renewal letters: which week each cohort of certificate renewals gets
its letter so the week's expected visits stay under capacity (rules.forecast.pace).

A plan only: it says which cohort (the week its windows open) is written to
which week, and where even the latest week allowed falls short. The daily
batch still sends each letter the day the window opens; making it follow the
plan is the next step (docs/forecast.md).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.conf import settings

from madoguchi.rules import forecast as fc

from .. import capacity, register
from ..minutes import measured_minutes

# The window is three months; the last letter leaves a month to come before the expiry.
LATEST_AFTER_WEEKS = 8


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plan_letters(start: date, end: date, office: str) -> list[fc.PacedWeek]:
    fc.check_forecast_range(start, end, "week")
    procedure = fc.CERTIFICATE_RENEWAL
    cohorts: Counter = Counter()
    for day, n in register.certificate_windows(start, end).items():
        cohorts[monday(day)] += n
    horizon = end + timedelta(weeks=LATEST_AFTER_WEEKS)
    minutes = measured_minutes(office)[procedure].median or 1
    weekly: Counter = Counter()
    for day, m in capacity.minutes_available(office, [procedure], monday(start), horizon).get(procedure, Counter()).items():
        weekly[monday(day)] += m / minutes
    uptake = fc.uptake_for(fc.load_forecast_settings(settings.MADOGUCHI_CITY), procedure, None)
    return fc.pace(dict(cohorts), dict(weekly), uptake=uptake, latest_after_weeks=LATEST_AFTER_WEEKS)
