"""API endpoints of the booking capability: slots, bookings, pickup bookings.

Thin: each endpoint checks the shape of the request and calls a service in
madoguchi.booking.services. Every error is a Problem (api/problems.py) with
its message in the language asked (`lang`, default ja); an overloaded server
answers 503 with Retry-After at once (booking/overload.py).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.overload import write_gate
from madoguchi.booking.services import bookings, pickups, waiting_list
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.errors import BookingError
from madoguchi.booking.services.visitor import clean_visitor
from madoguchi.booking.web_support import client_key_of, lang_or_default, query_errors
from madoguchi.core.problems import ProblemError, from_rules_input
from madoguchi.rules.errors import RulesInputError
from madoguchi.core.city import municipality

from .problems import Problem, date_out_of_range, problem_response

router = Router(tags=["booking"])
MAX_RANGE_DAYS = 62


class SlotOut(Schema):
    id: int
    office_id: str
    start: datetime
    end: datetime
    capacity: int
    remaining: int


class SlotsQuery(Schema):
    procedure: str = Field(..., max_length=60, description="A bookable procedure id, e.g. card-info-change")
    from_: date | None = Field(None, alias="from", description="First day (default today)")
    to: date | None = Field(None, description=f"Last day (default and at most {MAX_RANGE_DAYS} days after `from`)")
    lang: str = Field("ja", max_length=5, description="ja, en or easy: the language of error messages")


class BookingIn(Schema):
    slot_id: int = Field(..., ge=1, le=2**62)
    procedure: str = Field(..., max_length=60)
    name: str = Field(..., max_length=200, description="Name in kanji (or as on the residence card)")
    name_kana: str = Field(..., max_length=200, description="Reading of the name in katakana or hiragana")
    email: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    party_size: int = Field(1, ge=-(2**31), le=2**31, description="People coming together (a household)")


class PickupBookingIn(Schema):
    notice_number: str = Field(..., max_length=60, description="The number on the 交付通知書")
    birth_date: date
    slot_id: int = Field(..., ge=1, le=2**62)
    name: str = Field(..., max_length=200)
    name_kana: str = Field(..., max_length=200)
    email: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)


class BookingOut(Schema):
    reference: str
    status: str
    procedure: str
    office_id: str
    start: datetime
    end: datetime
    party_size: int
    cancel_url: str = Field(..., description="Secret link to see, change or cancel; keep it private")
    ics_url: str
    qr_url: str
    needs_notice: bool


def _times(slot: Slot) -> dict[str, datetime]:
    return {"start": datetime.combine(slot.date, slot.start, tzinfo=clock.TOKYO),
            "end": datetime.combine(slot.date, slot.end, tzinfo=clock.TOKYO)}


def _slot_out(slot: Slot) -> SlotOut:
    return SlotOut(
        id=slot.pk,
        office_id=slot.office_id,
        **_times(slot),
        capacity=slot.capacity,
        remaining=slot.remaining,
    )


_TOKEN_SLOT = "TOKEN-SLOT-7F3A"  # never a real token (32 URL-safe characters)


@functools.cache
def _link_path(name: str, lang: str) -> str:
    """The path of a secret-link page with a stand-in for the token, reversed once
    (a reverse per link was a tenth of a booking's Python time)."""
    return reverse(f"booking:{name}", kwargs={"lang": lang, "token": _TOKEN_SLOT})


def _links(request: HttpRequest, lang: str, token: str, *names: str) -> list[str]:
    """The absolute secret links: the site's scheme and host made once per answer
    (build_absolute_uri per link was most of the links' cost), the token being
    URL-safe as it is."""
    site = request.build_absolute_uri("/").removesuffix("/")
    return [site + _link_path(name, lang).replace(_TOKEN_SLOT, token, 1) for name in names]


def _booking_out(request: HttpRequest, booking: Booking, token: str, lang: str) -> BookingOut:
    manage, ics, qr = _links(request, lang, token, "manage", "ics", "qr")
    slot = booking.slot
    return BookingOut(
        reference=booking.reference,
        status=booking.status,
        procedure=booking.procedure_id,
        office_id=slot.office_id,
        **_times(slot),
        party_size=booking.party_size,
        cancel_url=manage,
        ics_url=ics,
        qr_url=qr,
        needs_notice=booking.needs_notice,
    )


def _error(error: ProblemError, lang: str) -> HttpResponse:
    alternatives = getattr(error, "alternatives", None)
    if alternatives:
        return problem_response(error, lang, alternatives=[_slot_out(s).model_dump(mode="json") for s in alternatives])
    return problem_response(error, lang)


# 400 (a body that is not JSON at all), 413 and 503 are the API's own (api/problems.py).
ERRORS = {400: Problem, 409: Problem, 422: Problem, 429: Problem, 503: Problem}


# The same services as the pages: a booking made, moved or cancelled through the
# API is mailed to the resident too (booking/services/confirmations.py).
MAIL_NOTE = (
    "When the booking has an `email`, the resident is mailed that it is {what}, in the language of `lang`"
    " (with the reference, the time, the place, what to bring, the secret link and an ICS file). The mail is"
    " sent after the change is saved and retried if the mail server is down; it never delays or undoes the change."
)


@router.get("/slots", response={200: list[SlotOut], 422: Problem}, summary="Bookable slots of a procedure")
def list_slots(request: HttpRequest, q: Query[SlotsQuery]):
    lang = lang_or_default(q.lang)
    try:
        procedure = municipality().catalog.get(q.procedure)
    except RulesInputError as e:
        return _error(from_rules_input(e, "procedure"), lang)
    today = clock.today()
    start = q.from_ or today
    try:
        end = q.to or start + timedelta(days=MAX_RANGE_DAYS)
    except OverflowError:  # `from` near 9999-12-31: no calendar runs that far
        return _error(date_out_of_range("from"), lang)
    problem = query_errors(procedure, start, end, MAX_RANGE_DAYS)
    if problem:
        return _error(problem, lang)
    return [_slot_out(s) for s in slot_services.available(procedure.id, max(start, today), end)]


@router.post("/bookings", response={201: BookingOut, **ERRORS}, summary="Book a slot",
             description=MAIL_NOTE.format(what="booked"))
def create_booking(request: HttpRequest, body: BookingIn, lang: str = "ja"):
    lang = lang_or_default(lang)
    try:
        visitor = clean_visitor(body.name, body.name_kana, body.email or "", body.phone or "", body.party_size, language=lang)
        with write_gate():
            confirmation = bookings.book(Actor.public(), body.slot_id, body.procedure, visitor)
    except BookingError as e:
        return _error(e, lang)
    return Status(201, _booking_out(request, confirmation.booking, confirmation.token, lang))


@router.post("/pickup-bookings", response={201: BookingOut, **ERRORS}, summary="Book the collection of an arrived card",
             description=MAIL_NOTE.format(what="booked"))
def create_pickup_booking(request: HttpRequest, body: PickupBookingIn, lang: str = "ja"):
    lang = lang_or_default(lang)
    try:
        visitor = clean_visitor(body.name, body.name_kana, body.email or "", body.phone or "", 1, language=lang)
        with write_gate():
            notice = pickups.verify(client_key_of(request), body.notice_number, body.birth_date)
            confirmation = pickups.book_pickup(Actor.public(), notice, body.slot_id, visitor)
    except BookingError as e:
        return _error(e, lang)
    return Status(201, _booking_out(request, confirmation.booking, confirmation.token, lang))


@router.get("/bookings/{token}", response={200: BookingOut, 404: Problem}, summary="A booking, by its secret token")
def get_booking(request: HttpRequest, token: str, lang: str = "ja"):
    return _by_link(request, token, lang, bookings.find_by_token, _booking_out)


@router.delete("/bookings/{token}", response={200: BookingOut, 404: Problem, 409: Problem, 503: Problem}, summary="Cancel a booking with its secret token",
             description=MAIL_NOTE.format(what="cancelled"))
def cancel_booking(request: HttpRequest, token: str, lang: str = "ja"):
    return _by_link(request, token, lang, bookings.find_by_token, _booking_out,
                    act=lambda booking: bookings.cancel(Actor.public(), booking))


class MoveIn(Schema):
    slot_id: int = Field(..., ge=1, le=2**62, description="The new time (a slot of the same procedure)")


@router.patch("/bookings/{token}", response={200: BookingOut, 400: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem},
              summary="Change a booking's time with its secret token", description=MAIL_NOTE.format(what="moved"))
def move_booking(request: HttpRequest, token: str, body: MoveIn, lang: str = "ja"):
    """The new seat is taken before the old one is freed; a full slot answers 409 with alternatives."""
    return _by_link(request, token, lang, bookings.find_by_token, _booking_out,
                    act=lambda booking: bookings.move(Actor.public(), booking, body.slot_id))


class WaitingOut(Schema):
    status: str = Field(..., description="waiting, booked (a seat came free and was booked for you) or left")
    procedure: str
    office_id: str
    start: datetime
    end: datetime
    party_size: int
    position: int | None = Field(None, description="Place in line while waiting (1 = next)")
    reference: str | None = Field(None, description="The booking's reference once booked")
    manage_url: str = Field(..., description="Secret link to see or leave the waiting list; keep it private")


def _waiting_out(request: HttpRequest, entry, token: str, lang: str) -> WaitingOut:
    slot = entry.slot
    return WaitingOut(
        status=entry.status,
        procedure=entry.procedure_id,
        office_id=slot.office_id,
        **_times(slot),
        party_size=entry.party_size,
        position=waiting_list.position(entry) if entry.status == "waiting" else None,
        reference=entry.booking.reference if entry.booking_id else None,
        manage_url=_links(request, lang, token, "manage")[0],
    )


@router.post("/waiting-list", response={201: WaitingOut, **ERRORS}, summary="Join the waiting list of a full slot",
             description=MAIL_NOTE.format(what="on the waiting list"))
def join_waiting_list(request: HttpRequest, body: BookingIn, lang: str = "ja"):
    """A seat that comes free goes to those waiting, in the order they joined; the same link then shows the booking."""
    lang = lang_or_default(lang)
    try:
        visitor = clean_visitor(body.name, body.name_kana, body.email or "", body.phone or "", body.party_size, language=lang)
        slot = bookings.load_slot(body.slot_id)
        bookings.check_bookable(slot, body.procedure)
        with write_gate():
            confirmation = waiting_list.join(Actor.public(), slot, visitor)
    except BookingError as e:
        return _error(e, lang)
    return Status(201, _waiting_out(request, confirmation.entry, confirmation.token, lang))


@router.get("/waiting-list/{token}", response={200: WaitingOut, 404: Problem}, summary="A waiting-list place, by its secret token")
def get_waiting(request: HttpRequest, token: str, lang: str = "ja"):
    return _by_link(request, token, lang, waiting_list.find_by_token, _waiting_out)


@router.delete("/waiting-list/{token}", response={200: WaitingOut, 404: Problem, 409: Problem, 503: Problem},
               summary="Leave the waiting list with its secret token", description=MAIL_NOTE.format(what="off the waiting list"))
def leave_waiting_list(request: HttpRequest, token: str, lang: str = "ja"):
    return _by_link(request, token, lang, waiting_list.find_by_token, _waiting_out,
                    act=lambda entry: waiting_list.leave(Actor.public(), entry))


def _by_link(request: HttpRequest, token: str, lang: str, find, out, act=None):
    """A secret-link endpoint: find what the token opens (404 if nothing), do
    `act` to it behind the write gate if given, and answer with `out`."""
    lang = lang_or_default(lang)
    found = find(Actor.public(), token)
    if found is None:
        return _error(ProblemError("not_found", key="booking.manage.not_found", status=404), lang)
    if act is not None:
        try:
            with write_gate():
                found = act(found)
        except BookingError as e:
            return _error(e, lang)
    return out(request, found, token, lang)

