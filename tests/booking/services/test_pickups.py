"""Arrived cards, the notice-number check, its lock, and booking a pickup."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, PickupFailure, PickupNotice, Slot
from madoguchi.booking.services import bookings, pickups
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.errors import BookingError

from ..conftest import OPEN_DAY, make_visitor

pytestmark = pytest.mark.django_db
BIRTH = date(1990, 6, 15)
CLIENT = "client-key-a"


@pytest.fixture
def notice(db) -> PickupNotice:
    return pickups.register_arrival(
        notice_number="K-2026-000123", birth_date=BIRTH, holder_name="小金井 花子",
        office_id=None, pickup_deadline=date(2026, 12, 1), card_ref="card-77",
    )


@pytest.fixture
def pickup_slots(db):
    slot_services.open_slots("card-pickup", OPEN_DAY, date(2026, 12, 4))
    return Slot.objects.filter(procedure_id="card-pickup")


def test_register_arrival_normalises_the_number_and_corrects_a_waiting_record(notice):
    assert notice.notice_number == "K2026000123" and notice.office_id == "citizen-division"
    again = pickups.register_arrival(
        notice_number="ｋ２０２６０００１２３", birth_date=BIRTH, holder_name="小金井 花子",
        office_id="citizen-division", pickup_deadline=date(2026, 12, 8), card_ref=None,
    )
    assert again.pk == notice.pk and again.pickup_deadline == date(2026, 12, 8)
    assert AuditEntry.objects.filter(subject_type="pickup-notice", action="update").count() == 1


def test_the_right_pair_finds_the_notice_and_the_reading_is_audited(notice):
    assert pickups.verify(CLIENT, "k-2026-000123", BIRTH) == notice
    assert AuditEntry.objects.filter(subject_type="pickup-notice", subject_id=str(notice.pk), action="read").exists()


@pytest.mark.parametrize("number, birth", [("K2026000123", date(1990, 6, 16)), ("K2026999999", BIRTH)])
def test_a_wrong_pair_says_the_same_whichever_half_is_wrong(notice, number, birth):
    with pytest.raises(BookingError) as error:
        pickups.verify(CLIENT, number, birth)
    assert error.value.code == "wrong_pair"
    entry = AuditEntry.objects.get(action="pickup-check-failed")
    assert "1990" not in entry.payload().decode()  # never the birth date


def test_five_failures_lock_the_client_for_fifteen_minutes(notice):
    for n in range(4):  # one client trying number after number
        with pytest.raises(BookingError) as error:
            pickups.verify(CLIENT, f"K202600010{n}", BIRTH)
        assert error.value.code == "wrong_pair"
    with pytest.raises(BookingError) as fifth:
        pickups.verify(CLIENT, "K2026000109", BIRTH)
    assert fifth.value.code == "locked" and fifth.value.status == 429 and "10:15" in fifth.value.message("en")
    with pytest.raises(BookingError) as even_right:
        pickups.verify(CLIENT, "K2026000123", BIRTH)
    assert even_right.value.code == "locked"
    assert pickups.verify("another-client", "K2026000123", BIRTH) == notice
    assert PickupFailure.objects.count() == 5
    with clock.pinned(clock.now() + timedelta(minutes=16)):
        assert pickups.verify(CLIENT, "K2026000123", BIRTH) == notice


def test_five_failures_on_one_number_from_any_clients_lock_that_number(notice):
    for n in range(4):  # a new address each time: the client lock never trips
        with pytest.raises(BookingError) as error:
            pickups.verify(f"client-{n}", "K-2026-000123", date(1990, 1, n + 1))
        assert error.value.code == "wrong_pair"
    with pytest.raises(BookingError) as fifth:
        pickups.verify("client-4", "K2026000123", date(1990, 1, 5))
    assert fifth.value.code == "number_locked" and fifth.value.status == 429
    with pytest.raises(BookingError) as even_right:
        pickups.verify("a-new-client", "K2026000123", BIRTH)  # the resident themself
    assert even_right.value.code == "number_locked" and even_right.value.field == "notice_number"
    for lang in ("ja", "en", "easy"):  # it says until when, and to phone the city
        assert "10:15" in even_right.value.message(lang) and "042-387-9830" in even_right.value.message(lang)
    with pytest.raises(BookingError) as other:
        pickups.verify("a-new-client", "K2026000999", BIRTH)
    assert other.value.code == "wrong_pair"  # other numbers are not locked
    with clock.pinned(clock.now() + timedelta(minutes=16)):
        assert pickups.verify("a-new-client", "K2026000123", BIRTH) == notice


def test_failures_are_audited_without_the_number_typed(notice):
    for number in ("K2026000123", "Z9999"):
        with pytest.raises(BookingError):
            pickups.verify(CLIENT, number, date(2000, 1, 1))
    subjects = list(AuditEntry.objects.filter(action="pickup-check-failed").order_by("id").values_list("subject_id", flat=True))
    assert subjects == [str(notice.pk), "-"]  # the notice's own id when the number is one; else nothing
    assert not any("K2026" in e.payload().decode() or "Z9999" in e.payload().decode() for e in AuditEntry.objects.all()
                   if e.action == "pickup-check-failed")
    assert not PickupFailure.objects.filter(notice_key__contains="K2026").exists()  # a keyed hash, not the number


@pytest.mark.parametrize("typed", ["1234 5678 9018", "１２３４５６７８９０１８", "1234.5678.9018"])
def test_a_my_number_typed_as_the_notice_number_is_refused_and_kept_nowhere(notice, typed):
    with pytest.raises(BookingError) as error:
        pickups.verify(CLIENT, typed, BIRTH)
    assert error.value.code == "my_number" and error.value.field == "notice_number" and error.value.status == 422
    assert all("マイナンバー" in error.value.message(lang) or "My Number" in error.value.message(lang) for lang in ("ja", "en", "easy"))
    entry = AuditEntry.objects.get(action="pickup-check-failed")
    assert "9018" not in entry.payload().decode() and entry.subject_id == "-"
    failure = PickupFailure.objects.get()
    assert failure.client_key == CLIENT and failure.notice_key == ""  # counted against the client only


def test_a_pickup_is_booked_once_and_only_up_to_the_deadline(notice, pickup_slots):
    after = pickup_slots.filter(date__gt=notice.pickup_deadline).first()
    with pytest.raises(BookingError) as late:
        pickups.book_pickup(Actor.public(), notice, after.pk, make_visitor())
    assert late.value.code == "after_deadline"
    deadline = notice.pickup_deadline
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日（" in late.value.text.ja  # not ISO
    assert deadline.isoformat() not in late.value.text.en
    first = pickup_slots.filter(date=OPEN_DAY).first()
    confirmation = pickups.book_pickup(Actor.public(), notice, first.pk, make_visitor())
    assert confirmation.booking.pickup == notice
    notice.refresh_from_db()
    assert notice.status == PickupNotice.Status.BOOKED
    with pytest.raises(BookingError) as twice:
        pickups.book_pickup(Actor.public(), notice, first.pk, make_visitor(2))
    assert twice.value.code == "already_booked"
    bookings.cancel(Actor.public(), confirmation.booking)
    notice.refresh_from_db()
    assert notice.status == PickupNotice.Status.WAITING
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 0
    assert all(s.date <= notice.pickup_deadline for s in pickups.pickup_slots(notice))
def test_a_notice_number_with_a_nul_is_simply_no_match():
    from madoguchi.booking.services.pickups import normalise_notice_number

    assert normalise_notice_number("kg-2026\x00-0001") == "KG20260001"
    assert normalise_notice_number("ＫＧ－２０２６ ０００１") == "KG20260001"
