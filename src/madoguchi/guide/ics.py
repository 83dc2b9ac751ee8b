"""An iCalendar file for the day a resident chose to go to the counter."""

from __future__ import annotations

from datetime import date, datetime, time

from icalendar import Calendar, Event

from madoguchi.rules.calendar import DayStatus
from madoguchi.rules.catalog import Procedure
from madoguchi.rules.city import Office

from .furigana import plain


def visit_calendar(procedure: Procedure, office: Office, day: DayStatus, lang: str, zone, now: datetime, checklist: list[str]) -> bytes:
    """One event spanning the counter's hours that day, with the checklist as its description."""
    first = day.hours[0]
    start = datetime.combine(day.date, time(first.start // 60, first.start % 60), tzinfo=zone)
    end_minutes = day.hours[-1].end
    end = datetime.combine(day.date, time(min(end_minutes // 60, 23), end_minutes % 60 if end_minutes < 1440 else 59), tzinfo=zone)
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
