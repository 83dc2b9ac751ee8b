"""The kiosk: a tablet at reception where a resident chooses the procedure with large
buttons and gets a numbered ticket with a QR code to the phone page. No login for
the resident; the tablet is bound to an office by a supervisor's key (services/kiosks).
No personal data is asked for or shown here (a mail address can be given on the phone
page, on the resident's own phone)."""

from __future__ import annotations

from datetime import timedelta

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.rules.text import LANGUAGES

from ..models import Kiosk, Ticket
from ..services import tickets
from ..services.board import office_state, ticket_state
from ..services.common import queue_data
from ..services.errors import QueueError
from ..services.kiosks import actor_of, kiosk_for

SHOWN_MINUTES = 10  # an issued ticket stays on the kiosk's screen this long, no longer


def _kiosk(key: str) -> Kiosk:
    kiosk = kiosk_for(key)
    if kiosk is None:
        raise Http404("no such kiosk")
    return kiosk


def _languages(lang: str, view: str, **kwargs) -> list[dict]:
    names = {"ja": "日本語", "en": "English", "easy": "やさしい にほんご"}
    return [{"lang": code, "name": names[code], "current": code == lang,
             "url": reverse(view, kwargs={**kwargs, "lang": code})} for code in LANGUAGES]


@never_cache
def kiosk(request: HttpRequest, lang: str, key: str) -> HttpResponse:
    k = _kiosk(key)
    error = None
    if request.method == "POST":
        try:
            t = tickets.issue(actor_of(k), k.office_id, request.POST.get("procedure", ""), lang=lang)
            return redirect(reverse("queue:kiosk-ticket", kwargs={"lang": lang, "key": key, "token": t.token}))
        except QueueError as e:
            error = e.marked_message(lang)  # rendered with its readings on an easy page
    catalog = municipality().catalog
    state = {g["group"]: g for g in office_state(k.office_id).groups}
    groups = [{"letter": g.letter, "name": g.name, "wait": state[g.letter]["estimated_wait_minutes"],
               "waiting": state[g.letter]["waiting"],
               "procedures": [{"id": p, "name": catalog.get(p).name} for p in g.procedures]} for g in queue_data().groups]
    response = render(request, "queue/kiosk.html", {
        "key": key, "office": municipality().city.office(k.office_id), "groups": groups, "error": error,
        "languages": _languages(lang, "queue:kiosk", key=key)})
    if error:
        response.status_code = 422
    return response


@never_cache
def kiosk_ticket(request: HttpRequest, lang: str, key: str, token: str) -> HttpResponse:
    k = _kiosk(key)
    t = Ticket.objects.filter(token=token, office_id=k.office_id, issued_at__gte=clock.now() - timedelta(minutes=SHOWN_MINUTES)).first()
    if t is None:
        raise Http404("no such ticket here")
    url = request.build_absolute_uri(reverse("queue:ticket", kwargs={"lang": lang, "token": t.token}))
    place = ticket_state(t)
    return render(request, "queue/kiosk_ticket.html", {
        "key": key, "ticket": t, "place": place, "procedure": municipality().catalog.get(t.procedure_id),
        "qr": segno.make(url, error="m").svg_inline(scale=5, border=2, title=t.label), "url": url,
        "languages": _languages(lang, "queue:kiosk-ticket", key=key, token=token)})
