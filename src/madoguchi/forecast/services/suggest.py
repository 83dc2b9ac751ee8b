"""The capacity plan's suggestions, and a supervisor applying one.

For a week over capacity at an office for a procedure: the clerks to add on
each of its open days to cover the shortfall, and the seats per slot that
let the expected residents book. Applying one is a single audited action:
the staffing of those days, the week's slots opened through the booking
services (from the calendar: a closed day or the maintenance Sunday gets
none) and their seats raised through the same services.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction

from madoguchi.audit.services import Actor, record
from madoguchi.booking.models import Slot
from madoguchi.booking.services import slots as slot_services
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.core.messages import text
from madoguchi.core.problems import ProblemError
from madoguchi.rules.calendar import Interval
from madoguchi.rules import forecast as fc
from madoguchi.rules.slots import slot_plan

from .. import capacity, openings
from ..models import Staffing
from .plan import forecast


@dataclass(frozen=True)
class Suggestion:
    office: str
    procedure: str
    period: str  # ISO week, e.g. 2027-W10
    monday: date
    shortfall_hours: float
    extra_clerks: int  # on each open day of the week
    open_days: tuple[date, ...]
    seats_per_slot: int  # 0: no bookable slot that week
    # Still over capacity with every clerk a day can seat (forecast.yaml
    # extra_openings): an extra opening, the week's Saturday or an evening.
    extra_day: date | None = None
    extra_hours: tuple[str, str] | None = None


def monday_of(week: str) -> date:
    year, _, number = week.partition("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def _extra_opening(
    fs: fc.ForecastSettings, r: fc.Row, week: list[date], short: float, clerks: dict[date, int], share: float
) -> tuple[date, tuple[str, str]] | None:
    """The first extra opening of the week the calendar lets staff set whose
    clerk-minutes cover `short` (its Saturday, then an evening after closing);
    when none covers it, the one that gives the most (it still lessens it)."""
    calendar = municipality().calendar(r.office)
    candidates, best, most = [], None, 0.0
    if fs.saturday_hours:
        candidates.append((week[5], fs.saturday_hours))
    if fs.evening_hours:
        candidates += [(d, fs.evening_hours) for d in week[:5]]
    for day, hours in candidates:
        interval = Interval.parse(*hours)
        if day <= clock.today() or calendar.staff_opening_refusal(r.procedure, day) is not None:
            continue
        if calendar.evening_refusal(day, interval.end) is not None:
            continue  # the city's evening runs past the J-LIS server's limit: the opening would be refused
        status = calendar.day(r.procedure, day)
        if status.open and any(h.start < interval.end and interval.start < h.end for h in status.hours):
            continue  # the counter is open then already
        # The day's clerks as capacity.py counts them, as many as it can seat.
        gives = fc.open_minutes([(interval.start, interval.end)]) * min(clerks[day], fs.max_clerks_per_day) * share
        if gives >= short:
            return day, hours
        if gives > most:
            best, most = (day, hours), gives
    return best


def suggestions(rows: list[fc.Row]) -> list[Suggestion]:
    """One suggestion per week row over capacity."""
    m = municipality()
    fs = fc.load_forecast_settings(settings.MADOGUCHI_CITY)
    out = []
    for r in rows:
        if not r.over_capacity or "-W" not in r.period:
            continue
        monday = monday_of(r.period)
        week = [monday + timedelta(days=i) for i in range(7)]
        open_days = tuple(d for d in week if m.day(r.procedure, d, r.office).open)
        short = r.minutes_needed - r.minutes_available
        windows = capacity.windows_of(r.office)
        share = fc.procedure_shares(windows).get(r.procedure, 0.0) / max(len(windows), 1)
        per_clerk = sum(fc.open_minutes((h.start, h.end) for h in m.day(r.procedure, d, r.office).hours) for d in open_days) * share
        extra = math.ceil(short / per_clerk) if per_clerk else 0
        opening = None
        if fs.max_clerks_per_day:
            staffed = capacity.clerks_per_day(r.office, monday, week[-1], default=len(windows))
            room = max(0, fs.max_clerks_per_day - max((staffed[d] for d in open_days), default=0))
            if extra > room or not per_clerk:
                extra = room
                opening = _extra_opening(fs, r, week, short - extra * per_clerk, staffed, share)
        plan = slot_plan(m, r.procedure, monday, week[-1], settings.BOOKING_SLOT_MINUTES, r.office) if open_days else []
        seats = min(slot_services.MAX_SEATS, math.ceil(r.expected_visits / len(plan))) if plan else 0
        out.append(Suggestion(
            r.office, r.procedure, r.period, monday, short / 60, extra, open_days, seats,
            *(opening if opening else (None, None)),
        ))  # fmt: skip
    return out


class PlanError(ProblemError):
    pass


def find(office: str, procedure: str, week: str) -> Suggestion:
    try:
        monday = monday_of(week)
    except ValueError:
        raise PlanError("forecast_week", key="forecast.error.week", status=422) from None
    rows = forecast(monday, monday + timedelta(days=6), by="week", office=office, procedure=procedure)
    found = [s for s in suggestions(rows) if s.period == week]
    if not found or monday < clock.today():
        raise PlanError("forecast_not_over", key="forecast.error.not_over", status=409)
    return found[0]


def apply(actor: Actor, office: str, procedure: str, week: str) -> Suggestion:
    """Staff the week's open days, open its slots and raise their seats: one audited action."""
    s = find(office, procedure, week)
    with openings.kept_fresh(), transaction.atomic():
        if s.extra_day is not None:  # first, so that the week's slots below include its own
            opening = openings.create_opening(
                actor, office, s.extra_day, time.fromisoformat(s.extra_hours[0]), time.fromisoformat(s.extra_hours[1]),
                [procedure], text("forecast.plan.opening_reason", week=week).ja,
            )  # fmt: skip
        for d in s.open_days:
            current = capacity.clerks_per_day(office, d, d, default=len(capacity.windows_of(office)))[d]
            Staffing.objects.update_or_create(
                office_id=office, day=d, defaults={"clerks": current + s.extra_clerks, "updated_at": clock.now(), "updated_by": actor.name}
            )
        opened = slot_services.open_slots(procedure, s.monday, s.monday + timedelta(days=6), office)
        raised = 0
        for slot in Slot.objects.filter(office_id=office, procedure_id=procedure, date__range=(s.monday, s.monday + timedelta(days=6))):
            if slot.capacity < s.seats_per_slot:
                slot_services.set_slot_capacity(actor, slot, s.seats_per_slot)
                raised += 1
        record(actor, "update", "forecast-plan", f"{office}:{procedure}:{week}", detail={
            "extra_clerks": s.extra_clerks, "days": [d.isoformat() for d in s.open_days], "slots_opened": opened,
            "seats_per_slot": s.seats_per_slot, "slots_raised": raised, "shortfall_hours": round(s.shortfall_hours, 1),
            "extra_opening": None if s.extra_day is None else {
                "id": opening.pk, "day": s.extra_day.isoformat(), "start": s.extra_hours[0], "end": s.extra_hours[1],
            },
        })  # fmt: skip
    return s
