"""An iCalendar file for the day a resident chose to go to the counter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

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
    """One event spanning the counter's hours that day, with the checklist as its description."""
    start = _moment(day.date, day.hours[0].start, zone)
    end = _moment(day.date, day.hours[-1].end, zone)
    cal = Calendar()
    cal.add("prodid", "-//Madoguchi//residents' guide//JA")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{procedure.id}-{day.date.isoformat()}@madoguchi")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", plain(procedure.name.get(lang)))
    event.add("location", f"{plain(office.name.get(lang))} {plain(office.address.get(lang))}")
    event.add("description", "\n".join(plain(line) for line in checklist))
    event.add("url", office.map_url)
    cal.add_component(event)
    return cal.to_ical()


def parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
