"""Paced renewal letters: which week each resident's renewal letter goes out
so the week's expected visits stay under capacity (rules.forecast.pace,
rules.forecast.letters_for_week).

Two uses of the one rule: the plan (`plan_letters`, `madoguchi forecast
--paced`), and the daily batch when the city sets `paced_letters` in
forecast.yaml (`letters_due`, called by notices/finders.py). A cohort is the
residents whose renewal window opens in one week (its Monday); a letter goes
no earlier than the resident's window opens and no later than the city's
`paced_letters.latest_weeks_after_opening` (`latest_weeks()`, default 8)
after the cohort's Monday.

The capacity check counts a week's letters as visits in that week: the
arrival profile (rules.forecast.arrival_profile) is measured from the day a
window opens, not from a letter held back, and the daily batch would need
the visits every earlier week's letters still send; docs/forecast.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings

from madoguchi.core.city import municipality
from madoguchi.rules import forecast as fc

from .. import capacity, register
from ..minutes import measured_minutes

# The notices that pacing may hold back, and the procedure each invites.
PACED_NOTICES = {"certificate-renewal-window": fc.CERTIFICATE_RENEWAL, "card-renewal-window": fc.CARD_RENEWAL}


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def latest_weeks() -> int:
    """Weeks after a cohort's week its letters may wait (forecast.yaml
    `paced_letters.latest_weeks_after_opening`, 8 unless set; checked at load
    to leave a week before the expiry of the national window)."""
    return fc.load_forecast_settings(settings.MADOGUCHI_CITY).paced_latest_weeks


def latest_day(opens: date) -> date:
    """The last day a letter whose window opens on `opens` may wait to: its cohort's latest week's Monday."""
    return monday(opens) + timedelta(weeks=latest_weeks())


def enabled() -> bool:
    return fc.load_forecast_settings(settings.MADOGUCHI_CITY).paced_letters


def minutes_each(procedure: str, office: str | None = None) -> float:
    """The measured median minutes of the procedure (the typical minutes until measured)."""
    return measured_minutes(office)[procedure].median or 1


def uptake(procedure: str) -> float:
    return fc.uptake_for(fc.load_forecast_settings(settings.MADOGUCHI_CITY), procedure, None)


def weekly_capacity(procedure: str, start: date, end: date, office: str | None = None) -> Counter:
    """Visits each week (its Monday) can take: clerk-minutes ÷ the median minutes,
    at one office or, for the city's letters, every office together."""
    offices = [office] if office else [o.id for o in municipality().city.offices]
    minutes = minutes_each(procedure, office)
    weekly: Counter = Counter()
    for o in offices:
        for day, m in capacity.minutes_available(o, [procedure], monday(start), end).get(procedure, Counter()).items():
            weekly[monday(day)] += m / minutes
    return weekly


def plan_letters(start: date, end: date, office: str | None = None, procedure: str = fc.CERTIFICATE_RENEWAL) -> list[fc.PacedWeek]:
    fc.check_forecast_range(start, end, "week")
    windows = register.certificate_windows if procedure == fc.CERTIFICATE_RENEWAL else register.card_windows
    cohorts: Counter = Counter()
    for day, n in windows(start, end).items():
        cohorts[monday(day)] += n
    latest = latest_weeks()
    weekly = weekly_capacity(procedure, start, end + timedelta(weeks=latest), office)
    return fc.pace(dict(cohorts), dict(weekly), uptake=uptake(procedure), latest_after_weeks=latest)


def short_clerk_hours(week: fc.PacedWeek, procedure: str = fc.CERTIFICATE_RENEWAL, office: str | None = None) -> float:
    """The week's shortfall in clerk-hours: the visits over capacity × the median minutes."""
    return fc.clerk_hours(week.short_visits, minutes_each(procedure, office))


@dataclass(frozen=True)
class Waiting:
    """A resident whose letter is not made yet: the subject the notice is about."""

    key: object  # what the finder needs back (the certificate or card)
    opens: date  # its renewal window opens
    expires: date
    order: int  # a stable tie-break (the row's id)


T = TypeVar("T", bound=Waiting)


def letters_due(day: date, procedure: str, waiting: Iterable[T], sent_this_week: int) -> list[T]:
    """The waiting residents whose letter the plan sends on `day`.

    `waiting`: every resident whose window opened on or before `day`, within
    the last `latest_weeks()` weeks, with no letter yet. `sent_this_week`:
    the letters of this notice made since the week's Monday. The week's room
    is its capacity in visits ÷ uptake less what it sent; cohorts fill it
    earliest first, and within a cohort the earliest expiry first (then the
    row's order), so the same register and days give the same letters. A
    resident at the latest day is always sent.
    """
    week = monday(day)
    ordered = sorted((w for w in waiting if w.opens <= day), key=lambda w: (w.expires, w.opens, w.order))
    cohorts: dict[date, list[T]] = {}
    for w in ordered:
        cohorts.setdefault(monday(w.opens), []).append(w)
    u = uptake(procedure)
    room = (weekly_capacity(procedure, week, week + timedelta(days=6)).get(week, 0.0) / u if u else float("inf")) - sent_this_week
    counts = fc.letters_for_week({c: len(ws) for c, ws in cohorts.items()}, week, room, latest_weeks())
    return [w for c, n in sorted(counts.items()) for w in cohorts[c][:n]]
