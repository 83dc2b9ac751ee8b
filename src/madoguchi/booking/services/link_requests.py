""""Send my link again": a resident who lost the secret link types the
booking's reference and the mail address or phone number they gave.

The answer is the same whether or not the two match a booking, so the form
tells nobody which references exist or whose they are; when they match a
booking that has a mail address, its link is mailed there (never to an
address typed here). Requests are limited per client (core.client's address)
and per reference, BOOKING_LINK_REQUESTS within BOOKING_LINK_WINDOW_MINUTES,
counted with keyed hashes so neither the address nor what was typed is kept.
Each request is audited: whether it matched, and the booking when it did.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from madoguchi.audit.services import Actor, record
from madoguchi.core import clock
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import text

from ..models import Booking, LinkRequest
from . import confirmations
from .errors import BookingError
from .tokens import normalize_reference, reference_key


def _digits(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", value or "") if c.isdigit())


def _matches(booking: Booking, contact: str) -> bool:
    contact = unicodedata.normalize("NFKC", contact).strip()
    if "@" in contact:
        return bool(booking.email) and booking.email.casefold() == contact.casefold()
    digits = _digits(contact)
    return bool(digits) and _digits(booking.phone) == digits


def _limited(client_key: str, ref_key: str) -> bool:
    window = timedelta(minutes=settings.BOOKING_LINK_WINDOW_MINUTES)
    since = clock.now() - window
    LinkRequest.objects.filter(at__lt=since).delete()  # the counts need nothing older
    limit = settings.BOOKING_LINK_REQUESTS
    recent = LinkRequest.objects.filter(at__gte=since)
    return recent.filter(client_key=client_key).count() >= limit or recent.filter(reference_key=ref_key).count() >= limit


def request_link(actor: Actor, client_key: str, reference: str, contact: str) -> None:
    """Mail the booking's link if `reference` and `contact` match it; the same
    (None) either way. BookingError for an empty or refused field, or when limited (429)."""
    for field, value in (("reference", reference), ("contact", contact)):
        try:
            check_line(value or "", max_length=254, any_twelve_digits=True)
        except FreeTextError as e:
            raise BookingError(e.code, e.text, status=422, field=field) from None
        if not (value or "").strip():
            raise BookingError(f"{field}_missing", text(f"booking.link.{field}_missing"), status=422, field=field)
    ref = normalize_reference(reference)
    ref_key = reference_key(ref)
    with transaction.atomic():
        if _limited(client_key, ref_key):
            record(actor, "refuse", "booking-link-request", "-", reason="too many link requests")
            raise BookingError(
                "too_many", text("booking.link.too_many", minutes=settings.BOOKING_LINK_WINDOW_MINUTES), status=429,
                retry_after=settings.BOOKING_LINK_WINDOW_MINUTES * 60,
            )
        LinkRequest.objects.create(client_key=client_key, reference_key=ref_key, at=clock.now())
        booking = (
            Booking.objects.select_related("slot").filter(reference=ref, status=Booking.Status.CONFIRMED)
            .filter(Q(email__gt="") | Q(phone__gt="")).first()
        )
        matched = booking is not None and _matches(booking, contact)
        if matched:
            record(actor, "request-link", "booking", booking.pk, reason="resident asked for the link again",
                   detail={"reference": booking.reference, "mailed": bool(booking.email)})
            confirmations.tell(confirmations.LINK, booking)
        else:
            record(actor, "request-link", "booking-link-request", "-", reason="resident asked for a link: no match")
