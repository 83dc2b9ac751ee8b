"""Each kind of notice is made on its day, and only then (cases/timing.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.notices.models import Notice
from madoguchi.notices.services.batch import run_batch

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "timing.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def subject(make_card, make_pickup, make_booking):
    def build(spec: dict):
        if "booking_day" in spec:
            booking = make_booking(day=spec["booking_day"])
            if "flagged" in spec:  # as the booking services flag it
                booking.needs_notice, booking.notice_reason = True, spec["flagged"]
                booking.save(update_fields=["needs_notice", "notice_reason"])
            return booking
        card = None
        if "card_expires" in spec or "certificate_expires" in spec:
            card = make_card(
                expires=spec.get("card_expires"),
                basis=spec.get("basis", "birthday"),
                cert_expires=spec.get("certificate_expires"),
                status=spec.get("status", "active"),
                residence_card=spec.get("residence_card", False),
            )
        if "pickup_arrived" in spec:
            card = card or make_card(expires=spec["pickup_deadline"].replace(year=2036))
            make_pickup(notice_number="N-0001", arrived=spec["pickup_arrived"], deadline=spec["pickup_deadline"], card=card)
        return card

    return build


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_notice_is_made_on_its_day_only(case, subject):
    subject(case["subject"])
    for day in case["not_on"]:
        # A dry run asks the same finders for that day alone and changes nothing.
        assert run_batch(day, dry_run=True).proposed.get(case["kind"], 0) == 0, f"due on {day}"
    for day in case["made_on"]:
        run_batch(day)
        assert Notice.objects.filter(kind=case["kind"], due_on=day).exists(), f"not made on {day}"
    assert Notice.objects.filter(kind=case["kind"]).exclude(due_on__in=case["made_on"]).count() == 0


@pytest.mark.django_db
def test_of_two_stays_ending_the_same_day_only_the_ordinary_card_gets_the_letter(make_card):
    from datetime import date

    ordinary = make_card(expires=date(2027, 3, 31), basis="period_of_stay")
    make_card(expires=date(2027, 3, 31), basis="period_of_stay", residence_card=True, name="グエン アン")
    run_batch(date(2027, 1, 30))
    made = Notice.objects.filter(kind="period-of-stay-ending")
    assert [n.subject_id for n in made] == [str(ordinary.id)]
