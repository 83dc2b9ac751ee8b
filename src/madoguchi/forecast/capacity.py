"""Clerk-minutes available and seats offered, per office, procedure and day.

An office's windows (queue.Window; the queue.yaml defaults before any is
stored) say which procedures each serves: a window's minutes are split evenly
among its procedures (rules.forecast.procedure_shares). The clerks of a day
are the supervisors' Staffing (a date beats a weekday), or one per window.
The minutes of a day are the calendar's open hours for the procedure (with
the supervisors' extra openings), so a closed day or the maintenance Sunday
has none.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Sum

from madoguchi.booking.models import Slot
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.queue.models import Window
from madoguchi.rules import forecast as fc
from madoguchi.rules.queue_data import load_queue_data

from .models import Staffing


def windows_of(office_id: str) -> list[frozenset[str]]:
    stored = [frozenset(w.procedures) for w in Window.objects.filter(office_id=office_id)]
    if stored:
        return stored
    return [w.procedures for w in load_queue_data(settings.MADOGUCHI_CITY).windows if w.office == office_id]


def served_by(offices: list[str]) -> dict[str, set[str]]:
    return {o: set().union(*windows_of(o)) for o in offices}


def clerks_per_day(office_id: str, start: date, end: date, default: int) -> dict[date, int]:
    rows = list(Staffing.objects.filter(office_id=office_id))
    weekly = {r.weekday: r.clerks for r in rows if r.weekday is not None}
    dated = {r.day: r.clerks for r in rows if r.day is not None}
    return {d: dated.get(d, weekly.get(d.weekday(), default)) for d in fc.days(start, end)}


def is_open(procedure: str, day: date, office_id: str | None = None) -> bool:
    return _open_minutes(settings.MADOGUCHI_CITY, clock.today(), _staff_openings(), office_id, procedure, day) > 0


def _staff_openings() -> tuple:
    return municipality().staff_openings


@functools.lru_cache(maxsize=65536)
def _open_minutes(city: str, today: date, staff_openings: tuple, office_id: str | None, procedure: str, day: date) -> int:
    # The calendar is the city's data as of today with the supervisors' extra
    # openings (the key: a new one changes the answer); the page, its chart
    # and its CSV ask it alike.
    status = municipality().day(procedure, day, office_id)
    return fc.open_minutes((h.start, h.end) for h in status.hours) if status.open else 0


def minutes_available(office_id: str, procedures: list[str], start: date, end: date) -> dict[str, Counter]:
    """Clerk-minutes per procedure and day at one office."""
    city, today, extra = settings.MADOGUCHI_CITY, clock.today(), _staff_openings()
    windows = windows_of(office_id)
    shares = fc.procedure_shares(windows)
    clerks = clerks_per_day(office_id, start, end, default=len(windows))
    out: dict[str, Counter] = defaultdict(Counter)
    for p in procedures:
        share = shares.get(p, 0.0)
        if not share:
            continue
        for d in fc.days(start, end):
            if clerks[d]:
                minutes = _open_minutes(city, today, extra, office_id, p, d)
                if minutes:
                    out[p][d] = minutes * share * clerks[d] / len(windows)
    return out


def seats_offered(start: date, end: date) -> dict[tuple[str, str], Counter]:
    """Seats of the open (not blocked) booking slots, per office, procedure and day."""
    rows = (
        Slot.objects.filter(date__range=(start, end), blocked=False)
        .values_list("office_id", "procedure_id", "date")
        .annotate(n=Sum("capacity"))
        .order_by()
    )
    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for office, procedure, day, n in rows:
        out[(office, procedure)][day] = n
    return out
