"""Each step of a guide outcome, filled in from the catalog and the calendar.

For the chosen applicant: may they do it, and what must they bring (a
requirement whose condition is known not to hold is left out); the fee in
force today; the next open days and why nearby days are closed; a month of
the procedure's calendar; the follow-ups still relevant.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

from .calendar import DayStatus, worth_telling
from .catalog import Condition, FeeSchedule, FollowUp, Procedure, Requirement
from .guide import Outcome, Step
from .municipality import Municipality

NEXT_OPEN_DAYS = 5


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: tuple[tuple[DayStatus | None, ...], ...]  # Monday first; None outside the month
    # The first day still to come: a day before it is past (today too once the
    # counter has closed) and is never shown as open.
    offered_from: date | None = None


@dataclass(frozen=True)
class StepPlan:
    step: Step
    procedure: Procedure
    applicant_allowed: bool
    allowed_applicants: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    fee: FeeSchedule | None  # None when not offered today
    next_open_days: tuple[DayStatus, ...]
    nearby_closed: tuple[DayStatus, ...]
    month: Month | None  # None when the city's calendar does not apply
    follow_ups: tuple[FollowUp, ...]
    starts: date  # the calendar is read from here: today, or when earlier steps are done
    after_earlier_steps: bool

    @property
    def case(self) -> Condition | None:
        return self.step.case


def requirements_known(procedure: Procedure, applicant: str, fails: frozenset[str]) -> tuple[Requirement, ...]:
    return tuple(
        r
        for r in procedure.applicants.get(applicant, ())
        if r.condition is None or r.condition.id not in fails
    )


def month_of(m: Municipality, procedure_id: str, year: int, month: int, offered_from: date | None = None) -> Month:
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    days = {d.date: d for d in m.days(procedure_id, first, last)}
    weeks = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(tuple(days.get(d) for d in week))
    return Month(year, month, tuple(weeks), offered_from)


def first_offered_day(m: Municipality, procedure_id: str, today: date, at: time | None) -> date:
    """Today while the counter is still open for the procedure at `at`, else tomorrow."""
    if at is None or m.day(procedure_id, today).still_open_at(at):
        return today
    return today + timedelta(days=1)


def plan_step(
    m: Municipality, outcome: Outcome, step: Step, today: date, wait_days: int = 0, at: time | None = None
) -> StepPlan:
    """One step; `at` (the time now) offers today only while the counter is still open."""
    procedure = m.catalog.get(step.procedure)
    in_force = procedure.in_force(today)
    start = today + timedelta(days=wait_days)
    next_days: list[DayStatus] = []
    closed: list[DayStatus] = []
    month = None
    if procedure.service_hours == "counter" and in_force:
        after = at if wait_days == 0 else None
        next_days = m.next_open_days(procedure.id, start, NEXT_OPEN_DAYS, after=after)
        horizon = next_days[-1].date if next_days else start + timedelta(days=7)
        closed = [d for d in m.days(procedure.id, start, horizon) if worth_telling(d)]
        shown = next_days[0].date if next_days else start
        month = month_of(m, procedure.id, shown.year, shown.month, first_offered_day(m, procedure.id, start, after))
    step_ids = {s.procedure for s in outcome.steps} | {s.procedure for s in outcome.alternatives}
    follow_ups = tuple(
        f
        for f in procedure.follow_ups
        if f.procedure not in step_ids and (f.condition is None or f.condition.id not in outcome.fails)
    )
    return StepPlan(
        step=step,
        procedure=procedure,
        applicant_allowed=outcome.applicant in procedure.applicants,
        allowed_applicants=tuple(procedure.applicants),
        requirements=requirements_known(procedure, outcome.applicant, outcome.fails),
        fee=procedure.fee_on(today) if in_force else None,
        next_open_days=tuple(next_days),
        nearby_closed=tuple(closed),
        month=month,
        follow_ups=follow_ups,
        starts=start,
        after_earlier_steps=wait_days > 0,
    )


def plan(
    m: Municipality, outcome: Outcome, today: date, at: time | None = None
) -> tuple[list[StepPlan], list[StepPlan]]:
    """The steps and the alternatives, each filled in.

    A step after one that takes days (a card made by J-LIS: processing
    `typical_days`) is looked up from when that one should be done, so the
    pickup's days are a month ahead, not this week.
    """
    steps = []
    wait = 0
    for s in outcome.steps:
        planned = plan_step(m, outcome, s, today, wait, at)
        steps.append(planned)
        processing = planned.procedure.processing
        if not processing.same_day and processing.typical_days:
            wait += processing.typical_days
    return steps, [plan_step(m, outcome, s, today, at=at) for s in outcome.alternatives]
