""""Send my link again": the form, and the one answer it gives (services/link_requests.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.audit.services import Actor

from ..overload import write_gate
from ..services import link_requests
from ..services.errors import BookingError
from ..web_support import client_key_of
from .common import busy_page, forget_refused


def resend(request: HttpRequest, lang: str) -> HttpResponse:
    values = {"reference": "", "contact": ""}
    error = None
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            with write_gate():
                link_requests.request_link(Actor.public(), client_key_of(request), values["reference"], values["contact"])
        except BookingError as e:
            if e.code == "busy":
                return busy_page(request, e)
            error = e
            forget_refused(values, e)
        else:
            # Post/redirect/get: a reload does not ask again.
            return redirect(reverse("booking:resend", kwargs={"lang": lang}) + "?sent=1")
    response = render(request, "booking/resend.html", {
        "values": values, "error": error, "sent": request.method == "GET" and request.GET.get("sent") == "1",
    }, status=error.status if error and error.status != 422 else 200)
    if error and error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response
