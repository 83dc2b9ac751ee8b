"""Open data per office and procedure: the next day with a free seat, the free
seats of the coming weeks and the median minutes a visit takes.

No personal data; a count under the city's `open_data_min_count`
(forecast.yaml) is published as null, so a small number cannot point at a
person. The minutes are published measured only from enough cases
(`minutes_min_cases`), otherwise the city's typical minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import F, Sum

from madoguchi.booking.models import Slot
from madoguchi.core import clock
from madoguchi.rules import forecast as fc

from .minutes import measured_minutes

WEEKS = 8


@dataclass(frozen=True)
class Availability:
    office: str
    procedure: str
    next_day_with_room: date | None
    weeks: list[tuple[date, int | None]]  # (Monday, free seats or None when suppressed)
    median_minutes: float
    minutes_measured: bool


def availability(office: str, procedure: str) -> Availability:
    threshold = fc.load_forecast_settings(settings.MADOGUCHI_CITY).open_data_min_count
    now = clock.now()
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    end = monday + timedelta(weeks=WEEKS) - timedelta(days=1)
    free = Slot.objects.filter(office_id=office, procedure_id=procedure, blocked=False, date__range=(today, end), capacity__gt=F("booked"))
    upcoming = [s for s in free.order_by("date", "start").only("date", "start")[:50]
                if datetime.combine(s.date, s.start, tzinfo=clock.TOKYO) > now]  # fmt: skip
    per_day = dict(free.values_list("date").annotate(n=Sum(F("capacity") - F("booked"))).order_by())
    weeks = []
    for w in range(WEEKS):
        start = monday + timedelta(weeks=w)
        n = sum(v for d, v in per_day.items() if start <= d < start + timedelta(days=7))
        weeks.append((start, n if n >= threshold else None))
    m = measured_minutes(office).get(procedure)
    return Availability(office, procedure, upcoming[0].date if upcoming else None, weeks,
                        m.median if m else 0.0, bool(m and m.measured))  # fmt: skip
