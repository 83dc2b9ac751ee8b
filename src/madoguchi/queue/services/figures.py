"""The waits and the estimates' error per procedure and hour of issue: computed from the
tickets (the estimate each recorded at issue beside its actual wait, issue → call),
kept per day by the day's end (DayWait, for the forecast), shown to supervisors."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from madoguchi.core import clock

from ..models import DayWait, Ticket


@dataclass(frozen=True)
class WaitFigures:
    office_id: str
    day: date
    procedure_id: str
    hour: int
    tickets: int
    called: int
    mean_wait: float | None
    p90_wait: float | None
    mean_error: float | None  # actual minus estimated; negative: the estimate was too long
    p90_error: float | None  # of the absolute error


def p90(values: list[float]) -> float | None:
    """The 90th percentile by the nearest rank (nine in ten are at or under it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def wait_figures(tickets: Iterable[Ticket]) -> list[WaitFigures]:
    """One row per office, day, procedure and hour of issue (Tokyo time)."""
    groups: dict[tuple, list[Ticket]] = {}
    for t in tickets:
        groups.setdefault((t.office_id, t.day, t.procedure_id, t.issued_at.astimezone(clock.TOKYO).hour), []).append(t)
    rows = []
    for (office, day, procedure, hour), ts in sorted(groups.items()):
        waits = [t.waited_minutes for t in ts if t.called_at is not None]
        errors = [t.waited_minutes - t.estimate_minutes for t in ts if t.called_at is not None]
        rows.append(WaitFigures(
            office, day, procedure, hour, len(ts), len(waits),
            _round(statistics.mean(waits)) if waits else None, _round(p90(waits)),
            _round(statistics.mean(errors)) if errors else None, _round(p90([abs(e) for e in errors])),
        ))
    return rows




READ = ("office_id", "day", "procedure_id", "issued_at", "called_at", "estimate_minutes")  # what the figures read


def figures_of_day(day: date, office: str | None = None) -> list[WaitFigures]:
    """A day's figures: the kept ones once the day has ended, else from its tickets now."""
    kept = DayWait.objects.filter(day=day, **({"office_id": office} if office else {}))
    if kept.exists():
        return [WaitFigures(**{f: getattr(k, f) for f in WaitFigures.__dataclass_fields__}) for k in kept]
    return wait_figures(Ticket.objects.filter(day=day, **({"office_id": office} if office else {})).only(*READ))


def keep_waits(days: Iterable[date]) -> int:
    """Write the days' figures (again: the day's end may run twice). Returns rows written."""
    written = 0
    for day in days:
        rows = wait_figures(Ticket.objects.filter(day=day).only(*READ))
        DayWait.objects.filter(day=day).delete()
        DayWait.objects.bulk_create([DayWait(**asdict(r)) for r in rows])
        written += len(rows)
    return written
