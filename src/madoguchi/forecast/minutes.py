"""Minutes per procedure and office, measured from the counter's cases (docs/forecast.md).

The median and 90th percentile of completed_at - started_at over the recent
window (forecast.yaml: minutes_window_days), per procedure at each office
(Case.office_id); an office with fewer than minutes_min_cases of a procedure
takes every office's cases together (the city's, with the cases recorded
before cases kept their office), and the typical minutes of queue.yaml until
the city has that many (rules.forecast.measure_at_office). The one place
other apps ask (the queue's estimates, the forecast, open data).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Max

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.counter.models import Case
from madoguchi.rules.forecast import Minutes, load_forecast_settings, measure_at_office
from madoguchi.rules.queue_data import load_queue_data

LONGEST_CASE = timedelta(hours=8)  # longer is a case left open, not a procedure's length


def measured_minutes(office_id: str | None = None) -> dict[str, Minutes]:
    """Every procedure of the queue's data (and any other with cases): its minutes at
    the office, measured or typical; without an office (or one the city does not
    have), the city's.

    The queue asks on every ticket; the answer is kept until a case is
    recorded or the day changes (the newest case's id is one indexed read).
    """
    key = (settings.MADOGUCHI_CITY, Case.objects.aggregate(last=Max("id"))["last"], clock.today())
    if _kept.get("key") != key:
        _kept.update(key=key, value=_measure(key[0]))
    per_office = _kept["value"]
    return per_office.get(office_id, per_office[None])


_kept: dict = {}


def _measure(city: str) -> dict[str | None, dict[str, Minutes]]:
    """The minutes of every office of the city, and the city's (key None)."""
    fs = load_forecast_settings(city)
    typical = load_queue_data(city).minutes
    since = clock.now() - timedelta(days=fs.minutes_window_days)
    everywhere: dict[str, list[float]] = defaultdict(list)
    at: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Case.objects.filter(completed_at__gte=since, channel="counter", outcome="completed")
        .exclude(procedure="")
        .values_list("procedure", "office_id", "started_at", "completed_at")
        .order_by()
    )
    for procedure, office, started, completed in rows.iterator(chunk_size=5000):
        length = completed - started
        if timedelta(0) < length <= LONGEST_CASE:
            minutes = length.total_seconds() / 60
            everywhere[procedure].append(minutes)
            if office:
                at[office][procedure].append(minutes)
    procedures = sorted(set(typical) | set(everywhere))
    n = fs.minutes_min_cases
    out: dict[str | None, dict[str, Minutes]] = {None: {p: measure_at_office((), everywhere.get(p, ()), typical.get(p, 0), n) for p in procedures}}
    for office in [o.id for o in municipality().city.offices]:
        own = at.get(office, {})
        out[office] = {p: measure_at_office(own.get(p, ()), everywhere.get(p, ()), typical.get(p, 0), n) for p in procedures}
    return out


def minutes_per_procedure(office_id: str | None = None) -> dict[str, float]:
    """The median minutes of each procedure at the counter (measured, or typical until enough cases)."""
    return {p: m.median for p, m in measured_minutes(office_id).items()}
