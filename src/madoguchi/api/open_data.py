"""Open data (public): per office and procedure, the next day with room, free
seats in the coming weeks (counts under the city's threshold suppressed as
null) and the median minutes a visit takes. No personal data."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from madoguchi.booking.web_support import lang_or_default
from madoguchi.core.city import municipality
from madoguchi.core.problems import ProblemError
from madoguchi.forecast.open_data import availability
from madoguchi.rules.queue_data import load_queue_data

from .problems import Problem, problem_response

router = Router(tags=["open data"])


class OpenDataQuery(Schema):
    office: str = Field(..., max_length=60, description="An office id of the city (city.yaml offices)")
    procedure: str = Field(..., max_length=60, description="A counter procedure id, e.g. certificate-renewal")
    lang: str = Field("ja", max_length=5, description="ja, en or easy: the language of error messages")


class WeekOut(Schema):
    week_starting: date
    seats_free: int | None = Field(..., description="Free booking seats that week; null when under the city's threshold")


class AvailabilityOut(Schema):
    office: str
    procedure: str
    next_day_with_room: date | None = Field(..., description="The next day with a free booking seat, if any in the coming weeks")
    weeks: list[WeekOut]
    median_minutes: float = Field(..., description="Median minutes a visit takes at the counter")
    minutes_measured: bool = Field(..., description="true: measured from the city's cases; false: the city's typical minutes")


@router.get("/availability", response={200: AvailabilityOut, 422: Problem}, summary="Room and minutes per office and procedure")
def open_availability(request: HttpRequest, q: Query[OpenDataQuery]):
    lang = lang_or_default(q.lang)
    if q.office not in {o.id for o in municipality().city.offices}:
        offices = ", ".join(o.id for o in municipality().city.offices)
        return problem_response(
            ProblemError("unknown_office", key="forecast.error.office", params={"offices": offices}, status=422, field="office"), lang
        )
    if q.procedure not in load_queue_data(settings.MADOGUCHI_CITY).procedures():
        return problem_response(ProblemError("unknown_procedure", key="forecast.error.procedure", status=422, field="procedure"), lang)
    a = availability(q.office, q.procedure)
    return AvailabilityOut(
        office=a.office, procedure=a.procedure, next_day_with_room=a.next_day_with_room,
        weeks=[WeekOut(week_starting=w, seats_free=n) for w, n in a.weeks],
        median_minutes=round(a.median_minutes, 1), minutes_measured=a.minutes_measured,
    )  # fmt: skip
