"""Cards waiting to be collected, and the resident's check before booking a pickup.

The counter records each card J-LIS delivered (register_arrival, called by the
counter's record-arrival service). A resident proves they hold the 交付通知書
with its number and their birth date. A wrong pair says only that the pair is
wrong, never which half, so the form cannot be used to find valid numbers.
After BOOKING_PICKUP_MAX_FAILURES failures within BOOKING_PICKUP_LOCK_MINUTES
the form is locked, counted twice over:
- per client (core.client's address, which a client's own X-Forwarded-For
  cannot change), so one client cannot try number after number;
- per notice number, from any client, so that many clients (or one whose
  address rotates) cannot try birth date after birth date for one number.
  A locked number is refused even with the right birth date; the resident
  is told to phone the city.
Each failure is audited without what was typed: neither the birth date nor
the notice number (a My Number typed into the box would otherwise be kept for
good), only the notice's own id when the number is one. The counts keep keyed
hashes of the client's address and of the number, never either.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core import messages
from madoguchi.core.inputs import FreeTextError, check_line, refuse_my_number
from madoguchi.core.city import municipality
from madoguchi.core.messages import section

from ..models import Booking, PickupFailure, PickupNotice, Slot
from . import bookings, seats
from .seats import already_booked_error, deadline_error
from .errors import BookingError
from .tokens import notice_key
from .visitor import Visitor

MESSAGES = section("booking.pickups")  # texts in booking/services/messages.yaml


def _fail(code: str, status: int = 422, field: str | None = None, **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=status, field=field)


def normalise_notice_number(value: str) -> str:
    """As printed or typed: full-width folded, hyphens and spaces dropped, upper case.

    Control and invalid characters are dropped too: a notice number never has
    them, and PostgreSQL refuses a NUL in a query (a 500 instead of "no match").
    """
    import unicodedata

    folded = unicodedata.normalize("NFKC", value or "")
    folded = "".join(c for c in folded if unicodedata.category(c) not in ("Cc", "Cs"))
    return folded.strip().replace("-", "").replace(" ", "").upper()[:60]


def register_arrival(
    *,
    notice_number: str,
    birth_date: date,
    holder_name: str,
    office_id: str | None,
    pickup_deadline: date,
    card_ref: str | None,
    actor: Actor | None = None,
) -> PickupNotice:
    """Record that a card arrived (or correct the record while it waits). Audited.

    Call inside the counter's own transaction; this opens a savepoint.
    """
    from .slots import _office_id

    try:
        check_line(notice_number or "", max_length=60)
        check_line(holder_name or "", max_length=100, any_twelve_digits=True)
    except FreeTextError as e:
        raise BookingError(e.code, e.text, status=422) from None
    number = normalise_notice_number(notice_number)
    if not number or not (holder_name or "").strip() or pickup_deadline is None or birth_date is None:
        raise _fail("bad_arrival")
    office = _office_id(office_id)
    actor = actor or Actor.system()
    with transaction.atomic():
        notice = PickupNotice.objects.select_for_update().filter(notice_number=number).first()
        if notice is not None and notice.status == PickupNotice.Status.HANDED_OVER:
            raise _fail("handed_over", status=409)
        action = "update" if notice else "create"
        notice = notice or PickupNotice(notice_number=number, arrived_at=clock.now())
        notice.birth_date = birth_date
        notice.holder_name = holder_name.strip()
        notice.office_id = office
        notice.pickup_deadline = pickup_deadline
        notice.card_ref = card_ref or ""
        notice.save()
        record(actor, action, "pickup-notice", notice.pk, detail={"notice_number": number, "office": office, "deadline": pickup_deadline.isoformat()})
    return notice


def pickup_office(notice_number: str) -> str | None:
    """The office a delivered card waits at (a pickup booking's slot is there too: book_pickup); None without a record."""
    number = normalise_notice_number(notice_number)
    return PickupNotice.objects.filter(notice_number=number).values_list("office_id", flat=True).first() if number else None


def mark_handed_over(notice_number: str, actor: Actor) -> PickupNotice | None:
    """The counter handed the card over: close its pickup, and free a seat still booked for it.

    Call inside the counter's transaction. A card with no pickup record (it
    arrived before bookings were kept) is not an error: returns None.
    """
    number = normalise_notice_number(notice_number)
    with transaction.atomic():
        notice = PickupNotice.objects.select_for_update().filter(notice_number=number).first()
        if notice is None or notice.status == PickupNotice.Status.HANDED_OVER:
            return notice
        notice.status = PickupNotice.Status.HANDED_OVER
        notice.save(update_fields=["status"])
        record(actor, "update", "pickup-notice", notice.pk, reason="handed over at the counter", detail={"notice_number": number})
        for booking in notice.bookings.filter(status=Booking.Status.CONFIRMED):
            bookings.cancel(actor, booking, reason="card handed over")  # the seat goes to the next in line
    return notice


def _lock_end(failures) -> datetime | None:
    """When a lock over these failures ends, if they are enough to lock."""
    window = timedelta(minutes=settings.BOOKING_PICKUP_LOCK_MINUTES)
    limit = settings.BOOKING_PICKUP_MAX_FAILURES
    recent = list(failures.filter(at__gt=clock.now() - window).order_by("-at").values_list("at", flat=True)[:limit])
    return recent[0] + window if len(recent) >= limit else None


def _hhmm(at: datetime) -> str:
    return at.astimezone(clock.TOKYO).strftime("%H:%M")


def lock_until(client: str) -> str | None:
    """When the client's lock ends (HH:MM), or None if it may try."""
    end = _lock_end(PickupFailure.objects.filter(client_key=client))
    return _hhmm(end) if end else None


def _locked(client: str, number: str) -> BookingError | None:
    """The refusal of a locked notice number (phone the city) or client, if either is."""
    if number:
        end = _lock_end(PickupFailure.objects.filter(notice_key=notice_key(number)))
        if end:
            contacts = municipality().city.contacts_for("inquiries")
            phone = contacts[0].phone if contacts and contacts[0].phone else ""
            text = messages.text("booking.pickup.number_locked", until=_hhmm(end), phone=phone)
            return BookingError("number_locked", text, status=429, field="notice_number")
    until = lock_until(client)
    return _fail("locked", status=429, until=until) if until else None


def _failed(client: str, number: str, notice: PickupNotice | None, refused: str = "") -> None:
    """Count one failure for the client (and the number) and audit it, without what was typed."""
    with transaction.atomic():
        PickupFailure.objects.create(client_key=client, notice_key=notice_key(number) if number else "", at=clock.now())
        detail = {"client": client[:16]} | ({"refused": refused} if refused else {})
        record(Actor.public(), "pickup-check-failed", "pickup-notice", str(notice.pk) if notice else "-", detail=detail)


def verify(client: str, notice_number: str, birth_date: date | None) -> PickupNotice:
    """The notice for a number + birth date pair, or BookingError (wrong pair / locked)."""
    try:
        refuse_my_number(notice_number or "")
    except FreeTextError as e:
        # Counted against the client (an anonymous client must not fill the
        # audit log with refusals), never against the number typed.
        refused = _locked(client, "") or BookingError(e.code, e.text, status=422, field="notice_number")
        if refused.status != 429:
            _failed(client, "", None, refused=e.code)
        raise refused from None
    number = normalise_notice_number(notice_number)
    locked = _locked(client, number)
    if locked:
        raise locked
    if not number:
        raise _fail("notice_number_missing", field="notice_number")
    if birth_date is None:
        raise _fail("birth_date_missing", field="birth_date")
    well_formed = number.isascii() and number.isalnum() and len(number) <= 40
    notice = PickupNotice.objects.filter(notice_number=number).first() if well_formed else None
    if notice is not None and notice.birth_date == birth_date:
        if notice.status == PickupNotice.Status.HANDED_OVER:
            raise _fail("handed_over", status=409)
        with transaction.atomic():
            # The pages now show the holder's name and deadline to this client.
            record(Actor.public(), "read", "pickup-notice", notice.pk, reason="notice number and birth date matched",
                   detail={"client": client[:16]})
        return notice
    _failed(client, number, notice)
    raise _locked(client, number) or _fail("wrong_pair", field="notice_number")


def book_pickup(actor: Actor, notice: PickupNotice, slot_id: object, visitor: Visitor) -> bookings.Confirmation:
    """Book the collection of an arrived card, up to its pickup deadline, at its office."""
    notice.refresh_from_db()
    if notice.status == PickupNotice.Status.BOOKED:
        raise already_booked_error()
    if notice.status == PickupNotice.Status.HANDED_OVER:
        raise _fail("handed_over", status=409)
    slot = seats.load_slot(slot_id)
    if slot.office_id != notice.office_id:
        raise seats.refusal("wrong_procedure")
    if slot.date > notice.pickup_deadline:
        raise deadline_error(notice.pickup_deadline)
    return bookings.book(actor, slot.pk, settings.BOOKING_PICKUP_PROCEDURE, visitor, pickup=notice)


def pickup_slots(notice: PickupNotice) -> list[Slot]:
    from .slots import available

    today = clock.today()
    end = min(notice.pickup_deadline, today + timedelta(days=settings.BOOKING_HORIZON_DAYS))
    if end < today:
        return []
    return available(settings.BOOKING_PICKUP_PROCEDURE, today, end, notice.office_id)
