"""A simulated year of the renewal wave on 100,000 residents (issue 14's "done when").

The register is bench/forecast's generator (the one generator: FY2022's surge
is a third of the issue dates, FACTS.md §10), written by INSERT ... SELECT as
the bench writes its million. On it: the weekly forecast of certificate
renewals crests in 2027; the paced letters keep every week under capacity
where capacity allows; where it cannot, the plan says the shortfall in
clerk-hours. The office has three clerks per window on weekdays (a
supervisor's staffing), enough for the wave's tail but not for its crest.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

import pytest

from bench.forecast import FY2022, generate
from madoguchi.audit.services import Actor
from madoguchi.core import clock
from madoguchi.counter.models import Card
from madoguchi.rules import forecast as fc

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RESIDENTS = 100_000
START, END = date(2026, 12, 1), date(2028, 5, 31)  # 18 months, the wave inside
OFFICE = "citizen-division"
LATEST = timedelta(weeks=8)  # pacing.latest_weeks(), Koganei leaves the default: a cohort's last week


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """The register, the staffing, and what the forecast and the plan say of them (written once, removed after)."""
    from django.db import connection

    from madoguchi.forecast import minutes
    from madoguchi.forecast.services.plan import forecast
    from madoguchi.forecast.services.shortfall import paced_plan
    from madoguchi.forecast.services.staffing import set_staffing
    from madoguchi.rules.queue_data import load_queue_data

    with django_db_blocker.unblock(), clock.pinned(datetime(2026, 12, 1, 10, 0, tzinfo=clock.TOKYO)):
        generate(RESIDENTS)
        windows = sum(1 for w in load_queue_data("koganei").windows if w.office == OFFICE)
        for weekday in range(5):
            set_staffing(Actor("sato", "supervisor"), OFFICE, 3 * windows, weekday=weekday)
        minutes._kept.clear()
        try:
            yield {
                "fy2022": Card.objects.filter(issued__range=FY2022).count() / RESIDENTS,
                "rows": forecast(START, END, by="week", office=OFFICE, procedure=fc.CERTIFICATE_RENEWAL),
                "plan": paced_plan(START, END, OFFICE),
                "minutes": minutes.measured_minutes(OFFICE)[fc.CERTIFICATE_RENEWAL].median,
            }
        finally:
            with connection.cursor() as cur:  # the module's rows are not in a test's transaction: remove them
                for table in ("forecast_staffing", "counter_certificate", "counter_card", "counter_resident", "audit_auditentry"):
                    cur.execute(f"DELETE FROM {table}")
            minutes._kept.clear()


def test_the_register_carries_the_fy2022_surge(year):
    assert 0.33 <= year["fy2022"] <= 0.37  # 29.5 M of 84.4 M cards


def test_the_weekly_forecast_of_certificate_renewals_crests_in_2027(year):
    weekly = {r.period: r.expected_visits for r in year["rows"]}
    crest = max(weekly, key=weekly.get)
    assert crest.startswith("2027-W")
    in_2027 = statistics.mean(v for k, v in weekly.items() if k.startswith("2027-"))
    in_2028 = statistics.mean(v for k, v in weekly.items() if k.startswith("2028-"))
    assert in_2027 > 2 * in_2028, (in_2027, in_2028)  # a wave, not noise: 2027's weeks against the tail's
    print(f"crest {crest}: {weekly[crest]:.0f} visits; 2027's weekly mean {in_2027:.0f}, 2028's {in_2028:.0f}")


def test_the_paced_plan_keeps_every_week_under_capacity_where_capacity_allows(year):
    plan = [w.paced for w in year["plan"]]
    cohorts = {r.period: r.expected_visits for r in year["rows"]}
    assert sum(sum(w.letters.values()) for w in plan) * 0.9 == pytest.approx(sum(cohorts.values()))  # every letter sent (uptake 90 %)
    within = [w for w in plan if w.short_visits == 0]
    over = [w for w in plan if w.short_visits > 0]
    assert within and over  # the tail fits the clerks, the crest does not
    for w in within:
        assert w.visits <= w.capacity + 1e-9
    for w in over:
        # Over only when a cohort reached its last week (a month before its expiry): never postponed further.
        assert any(cohort + LATEST == w.week for cohort in w.letters), w
        assert w.visits - w.short_visits == pytest.approx(w.capacity)
    # Pacing is what keeps them under: sent on the window's first day, some of those weeks would be over.
    unpaced_over = {r.period for r in year["rows"] if r.over_capacity}
    assert any(f"{w.week.isocalendar()[0]}-W{w.week.isocalendar()[1]:02d}" in unpaced_over for w in within)


def test_where_capacity_cannot_the_plan_states_the_shortfall_in_clerk_hours(year):
    for w in year["plan"]:
        assert w.short_clerk_hours == pytest.approx(w.paced.short_visits * year["minutes"] / 60)
    worst = max(year["plan"], key=lambda w: w.short_clerk_hours)
    assert worst.short_clerk_hours > 0 and worst.paced.week.year == 2027
    short = [w for w in year["plan"] if w.short_clerk_hours > 0]
    print(f"{len(short)} of {len(year['plan'])} weeks short; the worst, {worst.paced.week}: {worst.short_clerk_hours:.0f} clerk-hours")
