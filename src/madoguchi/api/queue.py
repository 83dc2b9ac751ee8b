"""The queue's API: public wait times, and the staff actions for ticket machines and terminals.

    GET  /api/v1/queue?office=ID                          wait per group (public, no personal data)
    POST /api/v1/queue/tickets                            {office, procedure} or {booking_reference}
    POST /api/v1/queue/windows/{window}/call-next
    POST /api/v1/queue/tickets/{number}/recall|start|skip|done|transfer

Staff endpoints need a staff user's bearer token (StaffTokenAuth). Every error
is the body api/booking.py answers (code, message in the language asked,
field), made in one place here (`_problem`), so that a shared error shape can
replace it in one edit. Nothing changes unless the answer is 200 or 201.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from madoguchi.booking.web_support import lang_or_default
from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, check_in, tickets
from madoguchi.queue.services.board import office_state, ticket_state
from madoguchi.queue.services.common import find_ticket, office_id
from madoguchi.queue.services.errors import QueueError
from madoguchi.staff.api_auth import StaffTokenAuth, api_actor

from .problems import Problem, problem_response

public_router = Router(tags=["queue"])
staff_router = Router(tags=["queue"], auth=StaffTokenAuth())


def _problem(error: QueueError, lang: str) -> HttpResponse:
    return problem_response(error, lang_or_default(lang))


class GroupWaitOut(Schema):
    group: str = Field(..., description="The letter of the group's ticket numbers, e.g. A")
    procedures: list[str]
    waiting: int
    estimated_wait_minutes: int = Field(..., description="For someone who takes a ticket now")
    now_calling: list[str] = Field(..., description="Numbers of this group called now, e.g. A-012")


class WaitsQuery(Schema):
    office: str | None = Field(None, max_length=60, description="An office id (default the city's first)")
    lang: str = Field("ja", max_length=5, description="ja, en or easy: the language of error messages")


@public_router.get("", response={200: list[GroupWaitOut], 404: Problem, 422: Problem}, summary="Waiting now at the counter, per group")
def waits(request: HttpRequest, q: Query[WaitsQuery]):
    try:
        office = office_id(q.office)
    except QueueError as e:
        return _problem(e, q.lang)
    return [{k: g[k] for k in ("group", "procedures", "waiting", "estimated_wait_minutes", "now_calling")}
            for g in office_state(office).groups]


class TicketIn(Schema):
    office: str | None = Field(None, max_length=60)
    procedure: str | None = Field(None, max_length=60, description="For a walk-in")
    booking_reference: str | None = Field(None, max_length=20, description="For a booked resident: checks the booking in")
    email: str | None = Field(None, max_length=254, description="For a walk-in, optional: mailed once when their turn is near "
                              "(in the `lang` of the request); kept with the ticket for the day, never in the audit")


class TicketOut(Schema):
    number: str = Field(..., description="As said aloud, e.g. A-012")
    procedure: str
    kind: str = Field(..., description="booked or walk-in")
    state: str = Field(..., description="waiting, called, serving, done, skipped or closed")
    window: int | None
    position: int = Field(..., description="Tickets ahead of this one")
    estimated_wait_minutes: int
    ticket_url: str = Field(..., description="The resident's phone page (the ticket's QR code)")


class TransferIn(Schema):
    window: int | None = Field(None, ge=1, le=999)
    procedure: str | None = Field(None, max_length=60)


def _out(request: HttpRequest, ticket: Ticket) -> dict:
    place = ticket_state(ticket)
    return {"number": ticket.label, "procedure": ticket.procedure_id, "kind": ticket.kind, "state": ticket.state,
            "window": ticket.window, "position": place["ahead"], "estimated_wait_minutes": place["estimated_wait_minutes"],
            "ticket_url": request.build_absolute_uri(reverse("queue:ticket", kwargs={"lang": "ja", "token": ticket.token}))}


# 400: a body that is not JSON; 401: no or a bad token (both answered by django-ninja itself).
ERRORS = {400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem}


@staff_router.post("/tickets", response={201: TicketOut, **ERRORS}, summary="Issue a ticket (walk-in, or a booking's check-in)")
def issue(request: HttpRequest, body: TicketIn, lang: str = "ja"):
    try:
        if body.booking_reference:
            ticket = check_in.check_in_by_reference(api_actor(request), body.booking_reference)
        else:
            ticket = tickets.issue(api_actor(request), body.office, body.procedure or "", email=body.email or "", lang=lang)
    except QueueError as e:
        return _problem(e, lang)
    return Status(201, _out(request, ticket))


@staff_router.post("/windows/{window}/call-next", response={200: TicketOut, **ERRORS}, summary="Call the next ticket to a window")
def call_next(request: HttpRequest, window: int, office: str | None = None, lang: str = "ja"):
    try:
        return Status(200, _out(request, calls.call_next(api_actor(request), office, window)))
    except QueueError as e:
        return _problem(e, lang)


def _on_ticket(request: HttpRequest, number: str, office: str | None, lang: str, act):
    try:
        ticket = find_ticket(office_id(office), number)
        return Status(200, _out(request, act(ticket)))
    except QueueError as e:
        return _problem(e, lang)


@staff_router.post("/tickets/{number}/recall", response={200: TicketOut, **ERRORS}, summary="Call a ticket again")
def recall(request: HttpRequest, number: str, office: str | None = None, lang: str = "ja"):
    return _on_ticket(request, number, office, lang, lambda t: calls.recall(api_actor(request), t))


@staff_router.post("/tickets/{number}/start", response={200: TicketOut, **ERRORS}, summary="The resident is at the window")
def start(request: HttpRequest, number: str, office: str | None = None, lang: str = "ja"):
    return _on_ticket(request, number, office, lang, lambda t: calls.start(api_actor(request), t))


@staff_router.post("/tickets/{number}/skip", response={200: TicketOut, **ERRORS}, summary="Called and not here")
def skip(request: HttpRequest, number: str, office: str | None = None, lang: str = "ja"):
    return _on_ticket(request, number, office, lang, lambda t: calls.skip(api_actor(request), t))


@staff_router.post("/tickets/{number}/done", response={200: TicketOut, **ERRORS}, summary="The procedure is done")
def done(request: HttpRequest, number: str, office: str | None = None, lang: str = "ja"):
    return _on_ticket(request, number, office, lang, lambda t: calls.done(api_actor(request), t))


@staff_router.post("/tickets/{number}/transfer", response={200: TicketOut, **ERRORS},
                   summary="Send a ticket to another window or procedure (it waits again, first at that window)")
def transfer(request: HttpRequest, number: str, body: TransferIn, office: str | None = None, lang: str = "ja"):
    return _on_ticket(request, number, office, lang,
                      lambda t: calls.transfer(api_actor(request), t, to_window=body.window, to_procedure=body.procedure))
