"""Bookable slots: a day's open hours cut into equal appointments.

Which days and hours are open is the calendar's answer (Municipality.day /
days); this module never restates a closure. A closed day, a maintenance
Sunday or a procedure's restricted weekday has no hours, so it has no slots.
A tail of an interval shorter than one slot is not offered: the counter
cannot finish an appointment after closing time. docs/booking.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .calendar import DayStatus, Interval
from .messages import input_error
from .municipality import Municipality

MIN_SLOT_MINUTES = 5


@dataclass(frozen=True, order=True)
class SlotTime:
    date: date
    interval: Interval

    def labels(self) -> tuple[str, str]:
        return self.interval.labels()


def check_slot_minutes(minutes: int) -> None:
    if not (MIN_SLOT_MINUTES <= minutes <= 24 * 60):
        raise input_error("bad_slot_length", min_minutes=MIN_SLOT_MINUTES, minutes=minutes)


def slot_times(day: DayStatus, minutes: int) -> list[SlotTime]:
    """The slots of one day as the calendar gives it: none when it is closed."""
    check_slot_minutes(minutes)
    if not day.open:
        return []
    out: list[SlotTime] = []
    for hours in day.hours:
        start = hours.start
        while start + minutes <= hours.end:
            out.append(SlotTime(day.date, Interval(start, start + minutes)))
            start += minutes
    return out


def slot_plan(
    municipality: Municipality,
    procedure_id: str,
    start: date,
    end: date,
    minutes: int,
    office_id: str | None = None,
) -> list[SlotTime]:
    """Every slot of a bookable procedure from `start` to `end` (inclusive)."""
    procedure = municipality.catalog.get(procedure_id)
    if not procedure.bookable:
        raise input_error("not_bookable", id=procedure.id, name=procedure.name)
    out: list[SlotTime] = []
    for day in municipality.days(procedure.id, start, end, office_id):
        out.extend(slot_times(day, minutes))
    return out
