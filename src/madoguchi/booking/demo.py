"""Demo data for `madoguchi run`: slots for eight weeks, a few bookings, arrived cards.

Idempotent and fictional: every name is made up, notice numbers start DEMO-,
contacts use example.jp (RFC 2606 style) and 000 phone numbers.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from madoguchi.core import clock
from madoguchi.audit.services import Actor

from .models import Booking, Slot
from .services import bookings, pickups
from .services import slots as slot_services
from .services.errors import BookingError
from .services.visitor import Visitor

DEMO_VISITORS = [
    Visitor("緑 一郎", "ミドリ イチロウ", "ichiro@example.jp", "", 1),
    Visitor("武蔵野 さくら", "ムサシノ サクラ", "", "090-0000-0001", 2),
    Visitor("Emily Parker", "エミリー パーカー", "emily@example.jp", "", 1),
]
# (notice number, birth date, holder, days until the pickup deadline)
DEMO_CARDS = [
    ("DEMO-0001", date(1990, 6, 15), "貫井 花子", 60),
    ("DEMO-0002", date(1975, 1, 31), "桜町 次郎", 45),
    ("DEMO-0003", date(2001, 2, 28), "Nguyen Van An", 30),
]


def seed() -> str:
    from madoguchi.core.city import municipality

    today = clock.today()
    end = today + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    opened = 0
    for procedure in municipality().catalog.all():
        if procedure.bookable:
            opened += slot_services.open_slots(procedure.id, today, end)
    for number, birth, holder, days in DEMO_CARDS:
        pickups.register_arrival(
            notice_number=number, birth_date=birth, holder_name=holder, office_id=None,
            pickup_deadline=today + timedelta(days=days), card_ref=None,
        )
    made = 0
    if not Booking.objects.filter(email__endswith="@example.jp").exists():
        slots = Slot.objects.filter(procedure_id="card-info-change", date__gt=today).order_by("date", "start")[:3]
        for slot, visitor in zip(slots, DEMO_VISITORS):
            try:
                bookings.book(Actor.system(), slot.pk, slot.procedure_id, visitor)
                made += 1
            except BookingError:
                pass
    cards = ", ".join(f"{n} + {b.isoformat()}" for n, b, _, _ in DEMO_CARDS)
    return f"{opened} slots opened up to {end}; {made} demo bookings; arrived cards to book a pickup with: {cards}"
