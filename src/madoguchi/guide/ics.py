"""An iCalendar file for the day a resident chose to go to the counter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from madoguchi.core.calendar_file import CalendarEvent, calendar_file
from madoguchi.rules.calendar import DayStatus
from madoguchi.rules.catalog import Procedure
from madoguchi.rules.city import Office

from madoguchi.core.furigana import plain


def _moment(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """Minutes from midnight on `day`; 24:00 is the next day's midnight."""
    return datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=minutes)


def visit_calendar(
    procedure: Procedure, office: Office, day: DayStatus, lang: str, zone: ZoneInfo, now: datetime, checklist: list[str]
) -> bytes:
    """One event spanning the counter's hours that day (a visit without a booked time), the checklist as its description."""
    event = CalendarEvent(
        uid=f"{procedure.id}-{day.date.isoformat()}@madoguchi",
        start=_moment(day.date, day.hours[0].start, zone),
        end=_moment(day.date, day.hours[-1].end, zone),
        summary=plain(procedure.name.get(lang)),
        location=f"{plain(office.name.get(lang))} {plain(office.address.get(lang))}",
        description="\n".join(plain(line) for line in checklist),
        url=office.map_url,
    )
    return calendar_file(event, product="residents' guide", stamp=now)


def parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
