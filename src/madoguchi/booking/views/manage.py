"""The secret link: the booking (or waiting-list place), its QR code and ICS, change, cancel."""

from __future__ import annotations

from io import BytesIO

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.audit.services import Actor
from madoguchi.web.messages import message
from madoguchi.web.templatetags.madoguchi import flat_text
from madoguchi.core.city import municipality

from ..calendar import booking_calendar
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


DONE = ("cancelled", "changed")


def manage(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    booking = bookings.find_by_token(Actor.public(), token)
    if booking is None:
        entry = waiting_list.find_by_token(Actor.public(), token)
        if entry is None:
            return render(request, "booking/not_found.html", status=404)
        return render(request, "booking/waiting.html", {"entry": entry, "position": waiting_list.position(entry), "token": token,
                                                         "procedure": municipality().catalog.get(entry.procedure_id)})
    done = request.GET.get("done")
    return render(request, "booking/manage.html", {
        **_details(booking), "token": token, "new": request.GET.get("new") == "1",
        "done": done if done in DONE else None,
        "qr": qr_svg(booking.reference, flat_text(message("booking.manage.qr_alt", lang, reference=booking.reference), lang)),
    })


def _details(booking: Booking) -> dict:
    return {"booking": booking, "procedure": municipality().catalog.get(booking.procedure_id),
            "office": municipality().city.office(booking.slot.office_id)}


def cancel(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET: what cancelling will do, asked once; POST: cancel, then say it was done."""
    booking = _booking_or_404(token)
    if booking.status != Booking.Status.CONFIRMED:
        return redirect("booking:manage", lang=lang, token=token)
    if request.method != "POST":
        return render(request, "booking/confirm_cancel.html", {**_details(booking), "token": token})
    try:
        with write_gate():
            bookings.cancel(Actor.public(), booking)
    except BookingError as e:
        if e.code == "busy":
            return busy_page(request, e)
        return redirect("booking:manage", lang=lang, token=token)  # cancelled meanwhile: the page says so
    return redirect(reverse("booking:manage", kwargs={"lang": lang, "token": token}) + "?done=cancelled")


def leave(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET: leaving the waiting list, asked once; POST: leave."""
    entry = waiting_list.find_by_token(Actor.public(), token)
    if entry is None:
        raise Http404("no waiting-list place for this link")
    if entry.status != entry.Status.WAITING:
        return redirect("booking:manage", lang=lang, token=token)
    if request.method != "POST":
        return render(request, "booking/confirm_leave.html", {
            "entry": entry, "token": token, "procedure": municipality().catalog.get(entry.procedure_id)})
    try:
        with write_gate():
            waiting_list.leave(Actor.public(), entry)
    except BookingError as e:
        if e.code == "busy":
            return busy_page(request, e)
    return redirect("booking:manage", lang=lang, token=token)


def change(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """Choose a new time (GET), see what the change does (GET ?slot=), then change (POST)."""
    booking = _booking_or_404(token)
    if booking.status != Booking.Status.CONFIRMED:
        return redirect("booking:manage", lang=lang, token=token)
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
            return redirect(reverse("booking:manage", kwargs={"lang": lang, "token": token}) + "?done=changed")
    elif request.GET.get("slot"):
        try:
            new_slot = bookings.load_slot(request.GET["slot"])
            bookings.check_bookable(new_slot, booking.procedure_id)
        except BookingError as e:
            error = e
        else:
            if new_slot.pk != booking.slot_id:
                return render(request, "booking/confirm_change.html", {**_details(booking), "token": token, "new_slot": new_slot})
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
    response = HttpResponse(booking_calendar(booking, lang), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.reference}.ics"'
    return response
