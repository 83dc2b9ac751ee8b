"""The secret link: the booking (or waiting-list place), its QR code and ICS, change, cancel."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.core.furigana import plain
from madoguchi.web.messages import message
from madoguchi.web.templatetags.madoguchi import flat_text
from madoguchi.core.city import municipality

from ..models import Booking
from ..overload import write_gate
from ..services import bookings, waiting_list
from ..services import slots as slot_services
from ..services.errors import BookingError
from .common import busy_page, days_with_room, horizon, parse_day


def _booking_or_404(token: str) -> Booking:
    booking = bookings.find_by_token(Actor.public(), token)
    if booking is None:
        raise Http404("no booking for this link")
    return booking


def manage(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    booking = bookings.find_by_token(Actor.public(), token)
    if booking is None:
        entry = waiting_list.find_by_token(Actor.public(), token)
        if entry is None:
            return render(request, "booking/not_found.html", status=404)
        return render(request, "booking/waiting.html", {"entry": entry, "position": waiting_list.position(entry), "token": token,
                                                         "procedure": municipality().catalog.get(entry.procedure_id)})
    return render(request, "booking/manage.html", {
        "booking": booking, "token": token, "new": request.GET.get("new") == "1",
        "procedure": municipality().catalog.get(booking.procedure_id),
        "office": municipality().city.office(booking.slot.office_id),
        "qr": qr_svg(booking.reference, flat_text(message("booking.manage.qr_alt", lang, reference=booking.reference), lang)),
    })


@require_POST
def cancel(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    try:
        with write_gate():
            bookings.cancel(Actor.public(), booking)
    except BookingError as e:
        if e.code == "busy":
            return busy_page(request, e)
    return redirect("booking:manage", lang=lang, token=token)


@require_POST
def leave(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    entry = waiting_list.find_by_token(Actor.public(), token)
    if entry is None:
        raise Http404("no waiting-list place for this link")
    try:
        with write_gate():
            waiting_list.leave(Actor.public(), entry)
    except BookingError as e:
        if e.code == "busy":
            return busy_page(request, e)
    return redirect("booking:manage", lang=lang, token=token)


def change(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    error = None
    if request.method == "POST":
        try:
            with write_gate():
                bookings.move(Actor.public(), booking, request.POST.get("slot_id"))
        except BookingError as e:
            if e.code == "busy":
                return busy_page(request, e)
            error = e
        else:
            return redirect("booking:manage", lang=lang, token=token)
    start, end = horizon()
    if booking.pickup_id:
        end = min(end, booking.pickup.pickup_deadline)
    chosen = parse_day(request.GET["day"]) if request.GET.get("day") else None
    slots = slot_services.available(booking.procedure_id, chosen or start, chosen or end, booking.slot.office_id)
    return render(request, "booking/change.html", {
        "booking": booking, "token": token, "error": error, "day": chosen,
        "days": days_with_room(slots) if chosen is None else [],
        "slots": [s for s in slots if s.pk != booking.slot_id] if chosen else [],
        "procedure": municipality().catalog.get(booking.procedure_id),
    })


def qr_svg(reference: str, title: str) -> str:
    """The reference as an inline SVG QR code; the counter's scanner reads it into the day list's search."""
    return segno.make(reference, error="m").svg_inline(scale=5, title=title, border=2)


def qr(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    svg = segno.make(booking.reference, error="m")
    out = BytesIO()
    svg.save(out, kind="svg", scale=5, border=2)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def ics(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The booking as a calendar event residents add to their phone."""
    booking = _booking_or_404(token)
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
    event.add("summary", plain(message("booking.ics.summary", lang, city=m.city.name.get(lang), procedure=procedure.name.get(lang), reference=booking.reference)))
    event.add("location", plain(office.name.get(lang)))
    event.add("status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED")
    cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.reference}.ics"'
    return response
