"""Card pickup: check the notice number and birth date, then book like any visit.

A successful check is carried to the next pages as a signed, short-lived value
(`?v=`), so nothing is kept in a session and the birth date never travels again.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.rules.catalog import Procedure

from ..models import PickupNotice
from ..overload import write_gate
from ..services import pickups
from ..services.errors import BookingError
from ..web_support import client_key_of
from .common import busy_page, days_with_room, forget_refused

SALT = "madoguchi.booking.pickup"
CHECK_VALID_SECONDS = 30 * 60


def is_pickup(procedure_id: str) -> bool:
    return procedure_id == settings.BOOKING_PICKUP_PROCEDURE


def notice_from(request: HttpRequest) -> PickupNotice | None:
    try:
        pk = signing.loads(request.GET.get("v", ""), salt=SALT, max_age=CHECK_VALID_SECONDS)
    except signing.BadSignature:
        return None
    return PickupNotice.objects.filter(pk=pk).first()


def _birth_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def start(request: HttpRequest, lang: str, procedure: Procedure) -> HttpResponse:
    notice = notice_from(request) if "v" in request.GET else None
    if notice is not None:
        days = days_with_room(pickups.pickup_slots(notice))
        return render(
            request, "booking/procedure.html",
            {"procedure": procedure, "days": days, "notice": notice, "query": "?v=" + request.GET["v"]},
        )
    error = None
    values = {"notice_number": "", "birth_date": ""}
    expired = "v" in request.GET
    if request.method == "GET" and "notice" in request.GET:
        # The QR code on the city's letter: the notice number is filled in.
        from madoguchi.notices.services.prefill import pickup_number_from

        values["notice_number"] = pickup_number_from(request.GET["notice"]) or ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            with write_gate():
                notice = pickups.verify(client_key_of(request), values["notice_number"], _birth_date(values["birth_date"]))
        except BookingError as e:
            if e.code == "busy":
                return busy_page(request, e)
            error = e
            forget_refused(values, e)
        else:
            token = signing.dumps(notice.pk, salt=SALT)
            return redirect(reverse("booking:procedure", kwargs={"lang": lang, "procedure_id": procedure.id}) + f"?v={token}")
    return render(
        request, "booking/pickup_verify.html",
        {"procedure": procedure, "values": values, "error": error, "expired": expired},
        status=429 if error and error.status == 429 else 200,
    )
