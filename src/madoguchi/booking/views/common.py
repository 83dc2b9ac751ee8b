"""What every booking page shares: the procedure from the URL, error pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from madoguchi.core import clock
from madoguchi.rules.calendar import worth_telling
from madoguchi.rules.catalog import Procedure
from madoguchi.rules.errors import RulesInputError
from madoguchi.core.city import municipality

from ..models import Slot
from ..services.errors import BookingError


def bookable_procedure(procedure_id: str) -> Procedure:
    try:
        procedure = municipality().catalog.get(procedure_id)
    except RulesInputError:
        raise Http404(procedure_id) from None
    if not procedure.bookable:
        raise Http404(procedure_id)
    return procedure


def horizon() -> tuple[date, date]:
    today = clock.today()
    return today, today + timedelta(days=settings.BOOKING_HORIZON_DAYS)


def days_to_choose(procedure_id: str, slots: list[Slot], start: date, end: date) -> list[dict]:
    """The day list: each day with slots and its free seats, and between them
    each closed day worth telling (a holiday, the year end) with its reasons,
    so a resident sees 「休み：年末年始…」 rather than a gap. Days already over
    have no future slot and are never listed as open. Closed days are told up
    to the last day with slots."""
    days = {d["date"]: {**d, "closed": None} for d in days_with_room(slots)}
    if not days:
        return []
    last = max(days)  # past the last day with slots, nothing is open yet: no closures to tell
    for status in municipality().days(procedure_id, start, min(end, last)):
        if worth_telling(status) and status.date not in days:
            days[status.date] = {"date": status.date, "remaining": 0, "closed": status}
    return [days[d] for d in sorted(days)]


def days_with_room(slots: list[Slot]) -> list[dict]:
    """Days in order, each with its free seats (days with none are shown as full)."""
    days: dict[date, int] = {}
    for s in slots:
        days[s.date] = days.get(s.date, 0) + s.remaining
    return [{"date": d, "remaining": n} for d, n in days.items()]


def busy_page(request: HttpRequest, error: BookingError) -> HttpResponse:
    response = render(request, "booking/busy.html", {"error": error}, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404(value) from None


def all_errors(error: BookingError) -> list[BookingError]:
    """Every error of a refused form (clean_visitor names each field at fault), or the one."""
    return list(getattr(error, "errors", None) or [error])


def form_errors(error: BookingError | None) -> dict:
    """The form page's errors: `errors` for the summary at the top, `field_errors` beside each field."""
    errors = all_errors(error) if error is not None else []
    return {"errors": errors, "field_errors": {e.field: e for e in errors if e.field}}


def forget_refused(values: dict[str, str], error: BookingError) -> None:
    """A field refused for holding a My Number is not shown back in the form."""
    for e in all_errors(error):
        if e.code == "my_number" and e.field in values:
            values[e.field] = ""
