"""Supervisors set how many clerks serve at an office on a weekday or a date (audited)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from madoguchi.audit.services import Actor, record
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.core.problems import ProblemError

from ..models import Staffing

MAX_CLERKS = 50


class StaffingError(ProblemError):
    status = 422


def set_staffing(actor: Actor, office: str, clerks: int, *, weekday: int | None = None, day: date | None = None) -> Staffing:
    """Clerks at `office` every `weekday` (0 = Monday) or on `day` (a date beats its weekday)."""
    offices = [o.id for o in municipality().city.offices]
    if office not in offices:
        raise StaffingError("unknown_office", key="forecast.error.office", params={"offices": ", ".join(offices)}, field="office")
    if (weekday is None) == (day is None) or (weekday is not None and not 0 <= weekday <= 6):
        raise StaffingError("staffing_when", key="forecast.error.staffing_when", field="weekday")
    if not 0 <= clerks <= MAX_CLERKS:
        raise StaffingError("staffing_clerks", key="forecast.error.staffing_clerks", params={"max": MAX_CLERKS}, field="clerks")
    with transaction.atomic():
        row, _ = Staffing.objects.update_or_create(
            office_id=office, weekday=weekday, day=day, defaults={"clerks": clerks, "updated_at": clock.now(), "updated_by": actor.name}
        )
        when = day.isoformat() if day else f"weekday-{weekday}"
        record(actor, "update", "staffing", f"{office}:{when}", detail={"clerks": clerks})
    return row
