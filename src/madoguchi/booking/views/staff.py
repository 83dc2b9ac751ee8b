"""The counter's booking pages: the day's bookings per office, check-in, no-shows,
slots (seats, blocking a slot or a day) and each slot's waiting list."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from madoguchi.core import clock
from madoguchi.audit.services import record
from madoguchi.rules.errors import RulesInputError
from madoguchi.staff.access import role_required, staff_actor, staff_required
from madoguchi.web.messages import both, both_text, pair
from madoguchi.core.city import municipality
from madoguchi.core.roles import SUPERVISORS

from ..models import Booking, Slot, WaitingEntry
from ..services import bookings
from ..services import slots as slot_services
from ..services.errors import BookingError
from ..services.tokens import normalize_reference

def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else clock.today()
    except ValueError:
        return clock.today()


def _office(value: str | None) -> str:
    try:
        return municipality().city.office(value or None).id
    except KeyError:
        return municipality().city.office(None).id


def _back(request: HttpRequest, office: str, day: date) -> HttpResponse:
    return redirect(f"{reverse('booking_staff:day')}?office={office}&date={day.isoformat()}")


def _say(request: HttpRequest, error: BookingError) -> None:
    messages.error(request, both_text(error.text))


@staff_required
def day(request: HttpRequest) -> HttpResponse:
    office = _office(request.GET.get("office"))
    the_day = _day(request.GET.get("date"))
    actor = staff_actor(request)
    reference = normalize_reference(request.GET.get("reference"))
    if reference:
        # A reference names one booking whatever day it is on: show its day.
        found = Booking.objects.select_related("slot").filter(reference=reference).first()
        if found is not None and (found.slot.office_id, found.slot.date) != (office, the_day):
            return redirect(f"{reverse('booking_staff:day')}?{urlencode({'office': found.slot.office_id, 'date': found.slot.date.isoformat(), 'reference': reference})}")
    rows = bookings.day_list(actor, office, the_day)
    if reference:
        rows = [b for b in rows if b.reference == reference]
    slots = list(Slot.objects.filter(office_id=office, date=the_day).order_by("start", "procedure_id"))
    waiting = _waiting_counts(slots)
    catalog = municipality().catalog
    bookable = [p for p in catalog.all() if p.bookable]
    return render(request, "booking/staff/day.html", {
        "lang": "ja", "office": office, "offices": municipality().city.offices, "day": the_day,
        "rows": [{"booking": b, "procedure": catalog.get(b.procedure_id)} for b in rows],
        "slot_groups": _slot_groups(slots, waiting, catalog),
        "procedures": bookable, "reference": reference, "can_manage": _is_supervisor(request),
        "any_blocked": any(s.blocked for s in slots),
    })


def _slot_groups(slots: list[Slot], waiting: dict[int, int], catalog) -> list[dict]:
    """The day's slots folded by procedure, with the counts a clerk reads before
    opening one: slots, booked of capacity, blocked, waiting."""
    groups: dict[str, dict] = {}
    for s in slots:
        g = groups.setdefault(s.procedure_id, {"procedure": catalog.get(s.procedure_id), "rows": [], "booked": 0, "capacity": 0,
                                                "blocked": 0, "waiting": 0})  # fmt: skip
        n = waiting.get(s.pk, 0)
        g["rows"].append({"slot": s, "waiting": n})
        g["booked"] += s.booked
        g["capacity"] += s.capacity
        g["blocked"] += int(s.blocked)
        g["waiting"] += n
    return list(groups.values())


def _is_supervisor(request: HttpRequest) -> bool:
    return staff_actor(request).role in SUPERVISORS


def _waiting_counts(slots: list[Slot]) -> dict[int, int]:
    from django.db.models import Count

    rows = (WaitingEntry.objects.filter(slot__in=slots, status=WaitingEntry.Status.WAITING)
            .values("slot_id").annotate(n=Count("id")))
    return {r["slot_id"]: r["n"] for r in rows}


def _on_booking(request: HttpRequest, pk: int, service) -> HttpResponse:
    """Run a counter action on one booking, say any refusal, and go back to its day."""
    booking = get_object_or_404(Booking.objects.select_related("slot"), pk=pk)
    try:
        service(staff_actor(request), booking)
    except BookingError as e:
        _say(request, e)
    return _back(request, booking.slot.office_id, booking.slot.date)


@staff_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_booking(request, pk, bookings.check_in)


@staff_required
@require_POST
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_booking(request, pk, bookings.mark_no_show)


@role_required(*SUPERVISORS)
@require_POST
def block_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=pk)
    try:
        flagged = slot_services.block_slot(staff_actor(request), slot, request.POST.get("reason", ""))
        messages.info(request, both("booking.staff.flagged", n=flagged))
    except BookingError as e:
        _say(request, e)
    return _back(request, slot.office_id, slot.date)


@role_required(*SUPERVISORS)
@require_POST
def unblock_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=pk)
    slot_services.unblock_slot(staff_actor(request), slot)
    return _back(request, slot.office_id, slot.date)


@role_required(*SUPERVISORS)
@require_POST
def slot_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=pk)
    try:
        slot_services.set_slot_capacity(staff_actor(request), slot, request.POST.get("capacity"))
    except BookingError as e:
        _say(request, e)
    return _back(request, slot.office_id, slot.date)


@role_required(*SUPERVISORS)
@require_POST
def block_day(request: HttpRequest) -> HttpResponse:
    office = _office(request.POST.get("office"))
    the_day = _day(request.POST.get("date"))
    try:
        flagged = slot_services.block_day(staff_actor(request), office, the_day, request.POST.get("reason", ""))
        messages.info(request, both("booking.staff.flagged", n=flagged))
    except BookingError as e:
        _say(request, e)
    return _back(request, office, the_day)


@role_required(*SUPERVISORS)
@require_POST
def unblock_day(request: HttpRequest) -> HttpResponse:
    office = _office(request.POST.get("office"))
    the_day = _day(request.POST.get("date"))
    reopened = slot_services.unblock_day(staff_actor(request), office, the_day)
    messages.info(request, both("booking.staff.reopened", n=reopened))
    return _back(request, office, the_day)


@role_required(*SUPERVISORS)
@require_POST
def seats(request: HttpRequest) -> HttpResponse:
    office = _office(request.POST.get("office"))
    try:
        slot_services.set_seats(staff_actor(request), office, request.POST.get("procedure", ""), request.POST.get("seats"))
    except BookingError as e:
        _say(request, e)
    except RulesInputError as e:  # an unknown procedure id from a tampered form
        messages.error(request, pair(e.message_ja, e.message_en))
    return _back(request, office, _day(request.POST.get("date")))


@staff_required
def waiting(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=pk)
    entries = list(WaitingEntry.objects.filter(slot=slot).order_by("id"))
    with transaction.atomic():
        record(staff_actor(request), "read", "waiting-list", slot.pk, detail={"entries": [e.pk for e in entries]})
    return render(request, "booking/staff/waiting.html", {
        "lang": "ja", "slot": slot, "entries": entries, "procedure": municipality().catalog.get(slot.procedure_id),
    })
