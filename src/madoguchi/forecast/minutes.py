"""Minutes per procedure, measured from the counter's cases (docs/forecast.md).

The median and 90th percentile of completed_at - started_at over the recent
window (forecast.yaml: minutes_window_days), per procedure; the typical
minutes of queue.yaml until a procedure has minutes_min_cases cases. The one
place other apps ask (the queue's estimates, the forecast, open data).

Cases do not record the office they were done at (the first city has one office), so
the measure is the city's across its offices; `office_id` is taken so the
callers need not change when a case records it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Max

from madoguchi.core import clock
from madoguchi.counter.models import Case
from madoguchi.rules.forecast import Minutes, load_forecast_settings, measure
from madoguchi.rules.queue_data import load_queue_data

LONGEST_CASE = timedelta(hours=8)  # longer is a case left open, not a procedure's length


def measured_minutes(office_id: str | None = None) -> dict[str, Minutes]:
    """Every procedure of the queue's data (and any other with cases): its minutes, measured or typical.

    The queue asks on every ticket; the answer is kept until a case is
    recorded or the day changes (the newest case's id is one indexed read).
    """
    key = (settings.MADOGUCHI_CITY, Case.objects.aggregate(last=Max("id"))["last"], clock.today())
    if _kept.get("key") != key:
        _kept.update(key=key, value=_measure(key[0]))
    return _kept["value"]


_kept: dict = {}


def _measure(city: str) -> dict[str, Minutes]:
    fs = load_forecast_settings(city)
    typical = load_queue_data(city).minutes
    since = clock.now() - timedelta(days=fs.minutes_window_days)
    durations: dict[str, list[float]] = defaultdict(list)
    rows = (
        Case.objects.filter(completed_at__gte=since, channel="counter", outcome="completed")
        .exclude(procedure="")
        .values_list("procedure", "started_at", "completed_at")
        .order_by()
    )
    for procedure, started, completed in rows.iterator(chunk_size=5000):
        length = completed - started
        if timedelta(0) < length <= LONGEST_CASE:
            durations[procedure].append(length.total_seconds() / 60)
    procedures = set(typical) | set(durations)
    return {p: measure(durations.get(p, ()), typical.get(p, 0), fs.minutes_min_cases) for p in sorted(procedures)}


def minutes_per_procedure(office_id: str | None = None) -> dict[str, float]:
    """The median minutes of each procedure at the counter (measured, or typical until enough cases)."""
    return {p: m.median for p, m in measured_minutes(office_id).items()}
