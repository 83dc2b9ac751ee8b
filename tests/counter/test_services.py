"""Service details the scenarios do not show."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.booking.models import PickupNotice
from madoguchi.counter.models import Card
from madoguchi.counter.services import reissue

from .conftest import CLERK, make_resident

pytestmark = pytest.mark.django_db


def test_an_arrival_registers_the_pickup_under_the_same_notice_number(now):
    resident = make_resident()
    card = Card.objects.create(resident=resident, status="ordered", application_received=date(2026, 10, 20))
    reissue.record_arrival(CLERK, card.pk, serial="AB1", issued=date(2026, 11, 20), notice_number="n-2026 0001", pickup_deadline=date(2027, 2, 20))
    card.refresh_from_db()
    notice = PickupNotice.objects.get()
    assert card.notice_number == notice.notice_number == "N20260001"
    assert (notice.birth_date, notice.card_ref) == (resident.birth_date, str(card.pk))


def test_handing_the_card_over_closes_its_pickup_and_frees_the_booked_seat(now):
    from datetime import time

    from madoguchi.audit.services import Actor
    from madoguchi.booking.models import Booking, Slot
    from madoguchi.booking.services.pickups import book_pickup
    from madoguchi.booking.services.visitor import Visitor
    from madoguchi.counter.services.visits import Applicant

    resident = make_resident()
    card = Card.objects.create(resident=resident, status="ordered", application_received=date(2026, 10, 20))
    reissue.record_arrival(CLERK, card.pk, serial="AB2", issued=date(2026, 11, 20), notice_number="N-2026-0002", pickup_deadline=date(2027, 2, 20))
    slot = Slot.objects.create(office_id="citizen-division", procedure_id="card-pickup", date=date(2026, 12, 1), start=time(10, 0), end=time(10, 30), capacity=1)
    booked = book_pickup(Actor.public(), PickupNotice.objects.get(), slot.pk, Visitor("小金井 花子", "コガネイ ハナコ", phone="042-000-0000"))
    slot.refresh_from_db()
    assert slot.booked == 1
    # She comes early, without waiting for her booked day.
    reissue.card_pickup(CLERK, card.pk, Applicant(documents=("issue-notice", "id-document")), old_card_collected=False)
    assert PickupNotice.objects.get().status == PickupNotice.Status.HANDED_OVER
    assert Booking.objects.get(pk=booked.booking.pk).status == Booking.Status.CANCELLED
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_visits_office_is_the_clerks_else_where_its_card_waits_else_the_citys_first(monkeypatch):
    import dataclasses

    from madoguchi.core.city import municipality
    from madoguchi.counter.services.errors import BadInput
    from madoguchi.counter.services.visits import Applicant, office_of

    m = municipality()
    city = dataclasses.replace(m.city, offices=(*m.city.offices, dataclasses.replace(m.city.offices[0], id="branch")))
    monkeypatch.setattr("madoguchi.counter.services.visits.municipality", lambda: dataclasses.replace(m, city=city))
    assert office_of(Applicant(office="branch"), "citizen-division") == "branch"
    assert office_of(Applicant(), "branch") == "branch"  # a pickup: the office its card was delivered to
    assert office_of(Applicant(), "closed-since") == office_of(Applicant()) == "citizen-division"
    with pytest.raises(BadInput):
        office_of(Applicant(office="nowhere"))


def test_a_pickups_case_records_the_office_its_card_was_delivered_to(now):
    from madoguchi.counter.services.visits import Applicant

    resident = make_resident()
    card = Card.objects.create(resident=resident, status="ordered", application_received=date(2026, 10, 20))
    reissue.record_arrival(CLERK, card.pk, serial="AB3", issued=date(2026, 11, 20), notice_number="N-2026-0003", pickup_deadline=date(2027, 2, 20))
    done = reissue.card_pickup(CLERK, card.pk, Applicant(documents=("issue-notice", "id-document")), old_card_collected=False)
    assert done.case.office_id == PickupNotice.objects.get().office_id == "citizen-division"


def test_a_renewals_case_records_the_window_it_renewed_before_the_window_moves_on(now):
    from madoguchi.counter.models import Certificate
    from madoguchi.counter.services.certificates import certificate_renewal
    from madoguchi.counter.services.visits import Applicant

    card = Card.objects.create(resident=make_resident(), status="active", issued=date(2020, 3, 10), expires=date(2029, 6, 15), expiry_basis="birthday")
    for kind in ("user", "signature"):
        Certificate.objects.create(card=card, kind=kind, status="active", issued=date(2021, 12, 1), expires=date(2026, 12, 15))
    opened = Certificate.objects.get(card=card, kind="user").renewal_opens
    done = certificate_renewal(CLERK, card.pk, Applicant(documents=("my-number-card", "certificate-pins")))
    assert done.case.window_opened == opened == date(2026, 9, 16)  # the old window's: the forecast measures arrivals from it
    assert Certificate.objects.get(card=card, kind="user").renewal_opens > opened
