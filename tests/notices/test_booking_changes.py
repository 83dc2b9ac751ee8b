"""A resident whose booked slot staff blocked, or who got a seat from the waiting list, is told once."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.booking.services.bookings import book
from madoguchi.booking.services.slots import block_slot
from madoguchi.booking.services.visitor import Visitor
from madoguchi.notices.models import Notice
from madoguchi.notices.services.batch import run_batch
from madoguchi.notices.services.mail import send_pending_mail

TODAY = date(2026, 12, 1)


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8")
CLERK = Actor("tanaka", "clerk")


@pytest.mark.django_db
def test_a_blocked_slots_bookings_are_mailed_once(smtp_inbox):
    slot = Slot.objects.create(
        office_id="citizen-division", procedure_id="pin-reset", date=date(2026, 12, 10), start=time(9, 0), end=time(9, 30), capacity=3
    )
    with clock.pinned(datetime(2026, 12, 1, 9, 0)):
        book(Actor.public(), slot.id, "pin-reset", Visitor("小金 花子", "コガネ ハナコ", email="hanako@example.jp"))
        book(Actor.public(), slot.id, "pin-reset", Visitor("小金 次郎", "コガネ ジロウ", phone="042-000-0000"))
        assert block_slot(CLERK, slot, "J-LIS のシステム障害") == 2
        run_batch(TODAY)
        run_batch(TODAY)  # a rerun tells nobody twice
    made = Notice.objects.filter(kind="booking-slot-blocked")
    assert made.count() == 1  # the resident who gave only a phone is called by a clerk (the staff list flags them)
    # The booking's own confirmation (booking-made), then the slot-blocked notice.
    assert send_pending_mail(TODAY) == (2, 0)
    body = _text(smtp_inbox.messages[-1])
    assert "ご予約の時間枠で窓口の手続ができなくなりました" in body and "2026年12月10日" in body


@pytest.mark.django_db
def test_a_resident_who_booked_in_english_is_told_in_english(smtp_inbox):
    from madoguchi.booking.services.visitor import clean_visitor

    slot = Slot.objects.create(
        office_id="citizen-division", procedure_id="pin-reset", date=date(2026, 12, 10), start=time(9, 0), end=time(9, 30), capacity=3
    )
    with clock.pinned(datetime(2026, 12, 1, 9, 0)):
        visitor = clean_visitor("Emily Parker", "エミリー パーカー", "emily@example.jp", language="en")
        booking = book(Actor.public(), slot.id, "pin-reset", visitor).booking
        assert booking.language == "en"
        block_slot(CLERK, slot, "J-LIS outage")
        run_batch(TODAY)
    assert send_pending_mail(TODAY) == (2, 0)
    body = _text(smtp_inbox.messages[-1])
    assert body.startswith("Dear Emily Parker,") and "10 December 2026" in body
    assert "ご予約" not in body
