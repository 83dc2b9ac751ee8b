"""Reception checks in a booking by its reference, and the booking's ticket is made.

Apart from tickets.py, which the booking's check-in calls (bookings.check_in →
tickets.issue_for_booking): this module calls bookings, so the two never
import each other in a circle.
"""

from __future__ import annotations

from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking
from madoguchi.booking.services import bookings
from madoguchi.booking.services.errors import BookingError
from madoguchi.booking.services.tokens import normalize_reference

from ..models import Ticket
from .errors import QueueError


def check_in_by_reference(actor: Actor, reference: str) -> Ticket:
    """Reception types the booking's reference: the booking is checked in and its ticket made."""
    booking = Booking.objects.select_related("slot").filter(reference=normalize_reference(reference)).first()
    if booking is None:
        raise QueueError("booking_not_found", status=404, field="booking_reference")
    existing = Ticket.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    if not booking.active:
        raise QueueError("booking_not_active", status=409, field="booking_reference")
    try:
        bookings.check_in(actor, booking)
    except BookingError:
        raise QueueError("booking_not_today", status=409, field="booking_reference") from None
    return Ticket.objects.get(booking=booking)
