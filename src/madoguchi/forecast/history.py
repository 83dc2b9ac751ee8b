"""The city's own history: the baseline of procedures the register cannot
predict (loss, PIN resets ...), and the measured uptake and arrival profile of
those it can."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Count, F

from madoguchi.core import clock
from madoguchi.counter.models import Case
from madoguchi.rules import forecast as fc

from .register import register_counts


def cases_per_day(start: date, end: date) -> dict[str, Counter]:
    """Completed counter cases per procedure and day (walk-ins and bookings alike: both end in a case)."""
    rows = (
        Case.objects.filter(completed_at__date__range=(start, end), channel="counter", outcome="completed")
        .exclude(procedure="")
        .values_list("procedure", "completed_at__date")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, Counter] = defaultdict(Counter)
    for procedure, day, n in rows:
        found[procedure][day] = n
    return found


def baseline(start: date, end: date, procedures: list[str], settings: fc.ForecastSettings, is_open) -> dict[str, Counter]:
    """Expected visits per day of each procedure the register cannot predict.

    The same weekday 52 weeks before; when the city has no cases that far
    back, the average of its open days over the last `history_weeks` weeks,
    spread over the open days ahead. `is_open(procedure, day)` is the calendar.
    """
    wanted = [p for p in procedures if p not in fc.REGISTER_PROCEDURES]
    past = cases_per_day(fc.year_before(start), fc.year_before(end))
    if any(past.get(p) for p in wanted):
        return {p: Counter({d: past[p][fc.year_before(d)] for d in fc.days(start, end) if past[p][fc.year_before(d)]}) for p in wanted}
    today = clock.today()
    recent_start = today - timedelta(weeks=settings.history_weeks)
    recent = cases_per_day(recent_start, today - timedelta(days=1))
    out: dict[str, Counter] = {}
    for p in wanted:
        total = sum(recent.get(p, Counter()).values())
        if not total:
            continue
        open_days = sum(1 for d in fc.days(recent_start, today - timedelta(days=1)) if is_open(p, d)) or 1
        per_day = total / open_days
        out[p] = Counter({d: per_day for d in fc.days(start, end) if is_open(p, d)})
    return out


def measured_uptakes(settings: fc.ForecastSettings) -> dict[str, float]:
    """The share of the residents named who came, per register procedure, over the past year.

    Came: the procedure's cases in the year up to today. Named and not come:
    the register's residents whose day fell in that year (at least three
    months ago, time to come) and still carry it, i.e. did not renew.
    """
    today = clock.today()
    year_ago = today - timedelta(days=365)
    came = cases_per_day(year_ago, today)
    stale = register_counts(year_ago, today - timedelta(days=90))
    out = {}
    for p in (fc.CERTIFICATE_RENEWAL, fc.CARD_RENEWAL, fc.PERIOD_OF_STAY):
        n = sum(came.get(p, Counter()).values())
        share = fc.measured_uptake(n, n + sum(stale[p].values()), settings.uptake_min_cases)
        if share is not None:
            out[p] = share
    return out


def measured_arrivals(settings: fc.ForecastSettings) -> dict[str, tuple[float, ...]]:
    """When residents came after their window opened, per renewal procedure, over the past year.

    The renewal cases record the window they renewed (`Case.window_opened`,
    the stored `renewal_opens` before the case moved it on); counted by
    (case day - window opened) in weeks, one GROUP BY per procedure.
    `rules.forecast.measured_arrival` makes them a profile once there are
    `arrival_min_cases` of them.
    """
    today = clock.today()
    most = min(fc.window_weeks(c.value) for c in fc.national_window_months().changes)
    out = {}
    for p in fc.WINDOW_PROCEDURES:
        rows = (
            Case.objects.filter(procedure=p, channel="counter", outcome="completed", completed_at__date__range=(today - timedelta(days=365), today))
            .exclude(window_opened=None)
            .annotate(day=F("completed_at__date"))
            .values_list("day", "window_opened")
            .annotate(n=Count("id"))
            .order_by()
        )  # fmt: skip
        weeks: Counter = Counter()
        for day, opened, n in rows:
            weeks[(day - opened).days // 7] += n
        profile = fc.measured_arrival(weeks, settings.arrival_min_cases, most)
        if profile is not None:
            out[p] = profile
    return out
