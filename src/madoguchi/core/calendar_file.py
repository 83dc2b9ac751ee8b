"""The one iCalendar writer: an event a resident adds to a phone's calendar.

Times are Tokyo's wall clock with a TZID, and the file carries the matching
VTIMEZONE (icalendar builds it from zoneinfo), so a calendar that does not
know "Asia/Tokyo" by name still puts a 9:30 visit at 9:30 in the city.
Used by the guide's visit day (guide/ics.py) and a booking's own time
(booking/views/manage.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # timezone-aware, in the city's zone
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = ""  # CONFIRMED, CANCELLED


def calendar_file(event: CalendarEvent, *, product: str, stamp: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//Madoguchi//{product}//JA")
    cal.add("version", "2.0")
    item = Event()
    item.add("uid", event.uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("summary", event.summary)
    for name in ("location", "description", "url", "status"):
        value = getattr(event, name)
        if value:
            item.add(name, value)
    cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
