"""Procedure → day → slot → your details → the booking's own page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.audit.services import Actor

from ..models import Slot
from ..overload import write_gate
from ..services import bookings, waiting_list
from ..services import slots as slot_services
from ..services.errors import BookingError
from ..services.visitor import clean_visitor
from . import pickup
from .common import bookable_procedure, busy_page, days_to_choose, forget_refused, form_errors, horizon, parse_day

FORM_FIELDS = ("name", "name_kana", "email", "phone", "party_size")


def procedure(request: HttpRequest, lang: str, procedure_id: str) -> HttpResponse:
    proc = bookable_procedure(procedure_id)
    if pickup.is_pickup(proc.id):
        return pickup.start(request, lang, proc)
    start, end = horizon()
    days = days_to_choose(proc.id, slot_services.available(proc.id, start, end), start, end)
    return render(request, "booking/procedure.html", {"procedure": proc, "days": days, "query": ""})


def day(request: HttpRequest, lang: str, procedure_id: str, day: str) -> HttpResponse:
    proc = bookable_procedure(procedure_id)
    the_day = parse_day(day)
    query = ""
    office_id = None
    if pickup.is_pickup(proc.id):
        notice = pickup.notice_from(request)
        if notice is None:
            return redirect("booking:procedure", lang=lang, procedure_id=proc.id)
        if the_day > notice.pickup_deadline:
            raise Http404(day)
        query = "?v=" + request.GET["v"]
        office_id = notice.office_id  # the card waits at one office
    slots = slot_services.available(proc.id, the_day, the_day, office_id)
    return render(request, "booking/day.html", {"procedure": proc, "day": the_day, "slots": slots, "query": query})


def _slot_for(proc, slot_id: int) -> Slot:
    slot = Slot.objects.filter(pk=slot_id, procedure_id=proc.id).first()
    if slot is None:
        raise Http404(slot_id)
    return slot


def book(request: HttpRequest, lang: str, procedure_id: str, slot_id: int) -> HttpResponse:
    proc = bookable_procedure(procedure_id)
    slot = _slot_for(proc, slot_id)
    notice = None
    if pickup.is_pickup(proc.id):
        notice = pickup.notice_from(request)
        if notice is None:
            return redirect("booking:procedure", lang=lang, procedure_id=proc.id)
    values = {f: request.POST.get(f, "") for f in FORM_FIELDS} if request.method == "POST" else {"party_size": "1"}
    error = None
    if request.method == "POST":
        try:
            visitor = clean_visitor(**{**values, "party_size": values["party_size"] if notice is None else 1}, language=lang)
            with write_gate():
                if notice is not None:
                    from ..services import pickups

                    confirmation = pickups.book_pickup(Actor.public(), notice, slot.pk, visitor)
                else:
                    confirmation = bookings.book(Actor.public(), slot.pk, proc.id, visitor)
        except BookingError as e:
            if e.code == "busy":
                return busy_page(request, e)
            error = e
            forget_refused(values, e)
        else:
            return redirect(reverse("booking:manage", kwargs={"lang": lang, "token": confirmation.token}) + "?new=1")
    return render(
        request,
        "booking/form.html",
        {"procedure": proc, "slot": slot, "values": values, "error": error, "notice": notice, "waiting": False,
         "query": ("?v=" + request.GET["v"]) if notice is not None else "", **form_errors(error)},
        status=error.status if error and error.status != 422 else 200,
    )


def wait(request: HttpRequest, lang: str, procedure_id: str, slot_id: int) -> HttpResponse:
    proc = bookable_procedure(procedure_id)
    if pickup.is_pickup(proc.id):
        raise Http404("pickups have no waiting list; the card waits for you until its deadline")
    slot = _slot_for(proc, slot_id)
    values = {f: request.POST.get(f, "") for f in FORM_FIELDS} if request.method == "POST" else {"party_size": "1"}
    error = None
    if request.method == "POST":
        try:
            visitor = clean_visitor(**values, language=lang)
            with write_gate():
                confirmation = waiting_list.join(Actor.public(), slot, visitor)
        except BookingError as e:
            if e.code == "busy":
                return busy_page(request, e)
            error = e
            forget_refused(values, e)
        else:
            return redirect("booking:manage", lang=lang, token=confirmation.token)
    return render(
        request,
        "booking/form.html",
        {"procedure": proc, "slot": slot, "values": values, "error": error, "notice": None, "waiting": True, "query": "",
         **form_errors(error)},
        status=error.status if error and error.status != 422 else 200,
    )
