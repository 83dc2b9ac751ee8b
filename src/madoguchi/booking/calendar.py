"""A booking as an iCalendar file: the one builder the manage page's download
and the booking's mail both attach."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.web.messages import message

from .models import Booking


def booking_calendar(booking: Booking, lang: str) -> bytes:
    """One event for the booked slot; a cancelled booking's event says CANCELLED
    (with the same UID, so a calendar that imported it can drop it)."""
    m = municipality()
    procedure = m.catalog.get(booking.procedure_id)
    office = m.city.office(booking.slot.office_id)
    slot = booking.slot
    cal = Calendar()
    cal.add("prodid", "-//Madoguchi//booking//JA")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{booking.reference}@madoguchi")
    event.add("dtstamp", clock.now())
    event.add("dtstart", datetime.combine(slot.date, slot.start, tzinfo=clock.TOKYO))
    event.add("dtend", datetime.combine(slot.date, slot.end, tzinfo=clock.TOKYO))
    event.add("summary", message("booking.ics.summary", lang, city=m.city.name.get(lang), procedure=procedure.name.get(lang), reference=booking.reference))
    event.add("location", office.name.get(lang))
    event.add("status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
