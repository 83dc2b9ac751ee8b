"""The public screens: wait times, the lobby display, the resident's phone page, and
their live streams (server-sent events). Thin: they read the board and render."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from madoguchi.audit.services import Actor

from madoguchi.guide.templatetags.guide_text import render_text
from madoguchi.rules.text import LANGUAGES
from madoguchi.web.messages import message
from madoguchi.core.city import municipality

from .. import live
from ..models import Ticket
from ..services import tickets
from ..services.board import office_state, ticket_state
from ..services.common import board_version, office_id, queue_data
from ..services.errors import QueueError

FALLBACK_RELOAD_SECONDS = 20  # the page reloads itself this often when it cannot stream


def _office(value: str | None) -> str:
    try:
        return office_id(value)
    except QueueError:
        raise Http404("no such office") from None


def _live(request: HttpRequest, path: str) -> dict:
    """Where the page's script opens its stream: this origin, or the live server's port."""
    return {"live_path": path, "live_port": getattr(settings, "QUEUE_LIVE_PORT", "") or "",
            "reload_seconds": FALLBACK_RELOAD_SECONDS}


def _live_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render a page with a live stream. When the stream is on the live server's own
    port (`madoguchi serve`), that origin is another one to the browser: the page's
    Content-Security-Policy allows it for `connect-src`, and nothing else."""
    response = render(request, template, context)
    port = getattr(settings, "QUEUE_LIVE_PORT", "") or ""
    if port:
        host = urlsplit(f"//{request.get_host()}").hostname or ""
        host = f"[{host}]" if ":" in host else host
        config = dict(settings.SECURE_CSP)
        config["connect-src"] = [*config.get("connect-src", ()), f"{request.scheme}://{host}:{port}"]
        response._csp_config = config
    return response


def _procedure_names(lang: str) -> dict[str, str]:
    catalog = municipality().catalog
    return {p: catalog.get(p).name.get(lang) for p in queue_data().procedures()}


@never_cache
def waits(request: HttpRequest, lang: str) -> HttpResponse:
    office = _office(request.GET.get("office"))
    state = office_state(office)
    names = _procedure_names(lang)
    groups = [{**g, "label": g["name"][lang], "procedure_names": [names[p] for p in g["procedures"]]} for g in state.groups]
    return _live_page(request, "queue/waits.html", {
        "office": municipality().city.office(office), "groups": groups,
        **_live(request, f"/live/queue/{office}/waits/{lang}"), "reload_seconds": 60,
    })


@never_cache
def display(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(office)
    state = office_state(office)
    return _live_page(request, "queue/display.html", {
        "lang": "ja", "html_lang": "ja", "office": municipality().city.office(office), "state": state.public(),
        "langs": LANGUAGES, **_live(request, f"/live/queue/{office}/display"),
    })


def _ticket(token: str) -> Ticket:
    ticket = Ticket.objects.filter(token=token).first()
    if ticket is None:
        raise Http404("no such ticket")
    return ticket


def ticket_view(ticket: Ticket, lang: str, version: int | None = None) -> dict:
    """The phone page's words for a ticket now (the page and its stream use the same).
    A stream passes the version it was woken for: the office's line is then computed
    once per change for all the phones of this process, not once per phone (which
    cost each phone a whole computation of the line at every call)."""
    state = ticket_state(ticket, None if version is None else office_state(ticket.office_id, version))
    final = ticket.state in (Ticket.State.DONE, Ticket.State.SKIPPED, Ticket.State.CLOSED)
    if ticket.state in (Ticket.State.CALLED, Ticket.State.SERVING):
        status = message("queue.ticket.called", lang, window=state["window"])
    elif final:
        status = message("queue.ticket.over", lang)
    else:
        status = message("queue.ticket.waiting", lang)
    status = render_text(status, lang)  # HTML: easy Japanese carries its readings (ruby)
    return {
        "number": state["number"], "state": ticket.state, "status": status, "called": state["window"] is not None,
        "ahead": message("queue.ticket.ahead_count", lang, count=state["ahead"]),
        "wait": message("queue.ticket.minutes", lang, minutes=state["estimated_wait_minutes"]),
        "waiting": ticket.state == Ticket.State.WAITING, "final": final, "version": state["version"],
    }


@never_cache
def ticket_page(request: HttpRequest, lang: str, token: str, error: QueueError | None = None, status: int = 200) -> HttpResponse:
    ticket = _ticket(token)
    view = ticket_view(ticket, lang)
    response = _live_page(request, "queue/ticket.html", {
        "ticket": ticket, "view": view, "procedure": municipality().catalog.get(ticket.procedure_id),
        "mail_given": bool(ticket.email), "mail_saved": request.GET.get("mail") == "saved", "error": error,
        "error_text": error.marked_message(lang) if error else "", "near": queue_data().mail_when_ahead,
        **_live(request, f"/live/queue/ticket/{token}/{lang}"),
    })
    response.status_code = status
    return response


@require_POST
def ticket_mail(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The resident gives (or removes) the address for "your turn is near" on the phone page."""
    ticket = _ticket(token)
    try:
        tickets.set_email(Actor("resident", "resident"), ticket, request.POST.get("email", ""), lang)
    except QueueError as e:
        return ticket_page(request, lang, token, error=e, status=e.status)
    return redirect(f"{reverse('queue:ticket', kwargs={'lang': lang, 'token': token})}?mail=saved")


# --- the streams -------------------------------------------------------------
def _sse(request: HttpRequest, office: str, render_fn, share: str | None = None) -> StreamingHttpResponse:
    version = board_version(office)
    if isinstance(request, ASGIRequest):
        # Under ASGI this request's thread lives as long as its stream, and with
        # it any connection it opened: 500 screens would hold 500 connections.
        # Close it now; the stream reads through the executor's few threads.
        connection.close()
        body = live.stream(office, render_fn, version, share)
    else:
        body = live.sync_stream(office, render_fn, version, lambda: board_version(office),
                                getattr(settings, "QUEUE_SYNC_STREAM_SECONDS", 30))
    response = StreamingHttpResponse(body, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy must pass each event on at once
    response["Access-Control-Allow-Origin"] = "*"  # the live server may be on its own port; no personal data
    return response


def display_stream(request: HttpRequest, office: str) -> StreamingHttpResponse:
    office = _office(office)
    return _sse(request, office, lambda version: ("state", office_state(office, version).public()), share=f"display:{office}")


def waits_stream(request: HttpRequest, office: str, lang: str) -> StreamingHttpResponse:
    office = _office(office)
    if lang not in LANGUAGES:
        raise Http404("no such language")

    def render_fn(version: int) -> tuple[str, dict]:
        state = office_state(office, version)
        return "waits", {"groups": [{"group": g["group"], "waiting": message("queue.waits.people", lang, count=g["waiting"]),
                                     "minutes": message("queue.waits.minutes_value", lang, minutes=g["estimated_wait_minutes"]),
                                     "now_calling": " ".join(g["now_calling"]) or message("queue.display.none", lang)}
                                    for g in state.groups]}

    return _sse(request, office, render_fn, share=f"waits:{office}:{lang}")


def ticket_stream(request: HttpRequest, token: str, lang: str) -> StreamingHttpResponse:
    ticket = _ticket(token)
    if lang not in LANGUAGES:
        raise Http404("no such language")

    def render_fn(version: int) -> tuple[str, dict]:
        return "ticket", ticket_view(Ticket.objects.get(pk=ticket.pk), lang, version)

    return _sse(request, ticket.office_id, render_fn)
