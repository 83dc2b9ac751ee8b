"""A booking as an iCalendar file: the one builder the manage page's download
and the booking's mail both attach, written by the one iCalendar writer
(core/calendar_file.py: Tokyo's VTIMEZONE, the booked slot's own times)."""

from __future__ import annotations

from datetime import datetime

from madoguchi.core import clock
from madoguchi.core.calendar_file import CalendarEvent, calendar_file
from madoguchi.core.city import municipality
from madoguchi.core.furigana import plain
from madoguchi.web.messages import message

from .models import Booking


def booking_calendar(booking: Booking, lang: str) -> bytes:
    """One event for the booked slot; a cancelled booking's event says CANCELLED
    (with the same UID, so a calendar that imported it can drop it)."""
    m = municipality()
    procedure = m.catalog.get(booking.procedure_id)
    office = m.city.office(booking.slot.office_id)
    slot = booking.slot
    event = CalendarEvent(
        uid=f"{booking.reference}@madoguchi",
        start=datetime.combine(slot.date, slot.start, tzinfo=clock.TOKYO),
        end=datetime.combine(slot.date, slot.end, tzinfo=clock.TOKYO),
        summary=plain(message("booking.ics.summary", lang, city=m.city.name.get(lang), procedure=procedure.name.get(lang), reference=booking.reference)),
        location=plain(f"{office.name.get(lang)} {office.address.get(lang)}"),  # no readings in a calendar
        status="CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED",
    )
    return calendar_file(event, product="booking", stamp=clock.now())
