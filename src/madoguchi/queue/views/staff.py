"""The clerks' queue pages under /staff/queue/: choose a window, call, reception.
Thin: each reads the form, calls one service, and goes back to its page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from madoguchi.core import clock
from madoguchi.staff.access import staff_actor, staff_required
from madoguchi.web.messages import both
from madoguchi.core.city import municipality

from ..models import Ticket
from ..services import calls, check_in, tickets
from ..services.board import ticket_state
from ..services.common import find_ticket, office_id, queue_data
from ..services.errors import QueueError
from ..services.windows import windows

ACTIONS = {"recall": calls.recall, "start": calls.start, "skip": calls.skip, "done": calls.done}


def _say(request: HttpRequest, error: QueueError) -> None:
    messages.error(request, f"{error.message('ja')} / {error.message('en')}")


def _office(request: HttpRequest) -> str:
    try:
        return office_id(request.GET.get("office") or request.POST.get("office"))
    except QueueError:
        return office_id(None)


def _procedures() -> list[dict]:
    catalog = municipality().catalog
    return [{"id": p, "name": catalog.get(p).name, "group": g.letter} for g in queue_data().groups for p in g.procedures]


@staff_required
@never_cache
def home(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    catalog = municipality().catalog
    rows = [{"window": w, "names": [catalog.get(p).name.ja for p in w.procedures]} for w in windows(office)]
    return render(request, "queue/staff/home.html", {"lang": "ja", "office": office, "windows": rows})


def _window_url(office: str, number: int) -> str:
    return f"{reverse('queue_staff:window', args=[number])}?office={office}"


@staff_required
@never_cache
def window(request: HttpRequest, number: int) -> HttpResponse:
    office = _office(request)
    w = next((x for x in windows(office) if x.number == number), None)
    if w is None:
        _say(request, QueueError("unknown_window", window=number))
        return redirect(f"{reverse('queue_staff:home')}?office={office}")
    current = list(Ticket.objects.filter(office_id=office, window=number, state__in=calls.ACTIVE).order_by("-called_at"))
    mine = Ticket.objects.filter(office_id=office, state=Ticket.State.WAITING, day=clock.today())
    count = sum(1 for t in mine.only("procedure_id", "window") if (t.window == number) or (t.window is None and t.procedure_id in w.procedures))
    catalog = municipality().catalog
    return render(request, "queue/staff/window.html", {
        "lang": "ja", "office": office, "window": w, "current": [{"ticket": t, "procedure": catalog.get(t.procedure_id)} for t in current],
        "waiting": count, "windows": [x.number for x in windows(office) if x.number != number], "procedures": _procedures(),
        "serves": [catalog.get(p).name.ja for p in w.procedures],
    })


@staff_required
@require_POST
def call_next(request: HttpRequest, number: int) -> HttpResponse:
    office = _office(request)
    try:
        t = calls.call_next(staff_actor(request), office, number)
        messages.info(request, both("queue.call.called", number=t.label, window=number))
    except QueueError as e:
        _say(request, e)
    return redirect(_window_url(office, number))


@staff_required
@require_POST
def act(request: HttpRequest, number: int, action: str) -> HttpResponse:
    office = _office(request)
    try:
        ticket = find_ticket(office, request.POST.get("ticket", ""))
        if action == "transfer":
            to_window = request.POST.get("to_window") or None
            to_procedure = request.POST.get("to_procedure") or None
            ticket = calls.transfer(staff_actor(request), ticket, to_window=int(to_window) if to_window and to_window.isdigit() else None,
                                    to_procedure=to_procedure)
        elif action in ACTIONS:
            ticket = ACTIONS[action](staff_actor(request), ticket)
        else:
            raise QueueError("transfer_target")
        from madoguchi.web.messages import message

        state = message(f"queue.state.{ticket.state}", "ja"), message(f"queue.state.{ticket.state}", "en")
        messages.info(request, f"{message('queue.call.did', 'ja', number=ticket.label, state=state[0])} / "
                               f"{message('queue.call.did', 'en', number=ticket.label, state=state[1])}")
    except QueueError as e:
        _say(request, e)
    return redirect(_window_url(office, number))


@staff_required
@never_cache
def reception(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    issued = None
    token = request.GET.get("issued", "")
    if token:
        t = Ticket.objects.filter(token=token, office_id=office).first()
        if t is not None:
            import segno

            url = request.build_absolute_uri(reverse("queue:ticket", kwargs={"lang": t.lang, "token": t.token}))
            issued = {"ticket": t, "place": ticket_state(t), "url": url,
                      "qr": segno.make(url, error="m").svg_inline(scale=4, border=2, title=t.label),
                      "procedure": municipality().catalog.get(t.procedure_id)}
    return render(request, "queue/staff/reception.html", {
        "lang": "ja", "office": office, "offices": municipality().city.offices, "procedures": _procedures(), "issued": issued,
    })


@staff_required
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    try:
        if request.POST.get("booking_reference", "").strip():
            t = check_in.check_in_by_reference(staff_actor(request), request.POST["booking_reference"])
        else:
            t = tickets.issue(staff_actor(request), office, request.POST.get("procedure", ""),
                              email=request.POST.get("email", ""), lang=request.POST.get("lang", "ja"))
        place = ticket_state(t)
        messages.info(request, both("queue.reception.issued", number=t.label, ahead=place["ahead"], minutes=place["estimated_wait_minutes"]))
        return redirect(f"{reverse('queue_staff:reception')}?office={t.office_id}&issued={t.token}")
    except QueueError as e:
        _say(request, e)
    return redirect(f"{reverse('queue_staff:reception')}?office={office}")
