"""The one iCalendar writer: an event a resident adds to a phone's calendar.

Times are Tokyo's wall clock with a TZID, and the file carries the matching
VTIMEZONE (icalendar builds it from zoneinfo), so a calendar that does not
know "Asia/Tokyo" by name still puts a 9:30 visit at 9:30 in the city.
Used by the guide's visit day (guide/ics.py) and a booking's own time
(booking/views/manage.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone


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
    zone = event.start.tzinfo
    if not isinstance(zone, ZoneInfo):
        cal.add_component(item)
        cal.add_missing_timezones()
        return cal.to_ical()
    # The VTIMEZONE goes first, as add_missing_timezones() puts it: its lines
    # are the same in every file, so they are written once per process and put
    # in front of the event's (what icalendar writes for the calendar with both).
    head, event_lines = cal.to_ical(), item.to_ical()
    return head.removesuffix(b"END:VCALENDAR\r\n") + _vtimezone_lines(zone.key) + event_lines + b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=8)
def _vtimezone_lines(key: str) -> bytes:
    """A zone's VTIMEZONE as written in a file, made once per process: icalendar
    walks the zone's transitions from 1970 to 2038 for it, about 10 ms, which every
    booking's mail and every calendar download paid (bench/booking's sustained rate
    halved); writing its 13 lines again was a third of each file's cost
    (the mail sender's profile, docs/performance.md)."""
    return Timezone.from_tzinfo(ZoneInfo(key)).to_ical()
