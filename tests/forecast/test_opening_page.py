"""The staff page for extra opening days: a supervisor adds one (the calendar
refuses the maintenance Sunday and an evening past the J-LIS limit with its
own words) and removes one that has no booking; one that has a confirmed
booking is refused, the booking kept. Service and page, both audited."""

from __future__ import annotations

from datetime import date, time

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings
from madoguchi.core.city import municipality
from madoguchi.forecast import openings
from madoguchi.forecast.models import ExtraOpening

from ..booking.conftest import make_visitor
from ..staff.conftest import clerk_client, make_staff, supervisor_client  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

OFFICE, RENEWAL = "citizen-division", "certificate-renewal"
BOSS = Actor("suzuki", role="supervisor")
SATURDAY = date(2026, 12, 12)
URL = "/staff/forecast/openings/"
FORM = {"office": OFFICE, "day": SATURDAY.isoformat(), "start": "09:00", "end": "12:00", "procedures": [RENEWAL], "reason": "更新の集中"}


def test_removing_an_opening_without_bookings_closes_its_day_and_its_slots_audited(now):
    opening, opened = openings.add_opening(BOSS, OFFICE, SATURDAY, time(9), time(12), [RENEWAL], "更新の集中")
    assert opened > 0 and openings.bookings_of(opening) == 0
    gone, closed = openings.remove_opening(BOSS, opening.pk)
    assert closed == opened and not Slot.objects.filter(date=SATURDAY).exists() and not ExtraOpening.objects.exists()
    assert not municipality().day(RENEWAL, SATURDAY).open
    entry = AuditEntry.objects.get(action="delete", subject_type="extra-opening")
    assert entry.subject_id == str(opening.pk) and entry.detail["slots_deleted"] == opened


def test_an_evening_is_removed_without_touching_the_day_s_own_slots(now):
    tuesday = date(2026, 12, 15)
    from madoguchi.booking.services.slots import open_slots

    open_slots(RENEWAL, tuesday, tuesday, OFFICE)
    regular = set(Slot.objects.filter(date=tuesday).values_list("pk", flat=True))
    opening, opened = openings.add_opening(BOSS, OFFICE, tuesday, time(17, 15), time(19, 0), [RENEWAL], "夜間窓口")
    assert opened > 0
    openings.remove_opening(BOSS, opening.pk)
    assert set(Slot.objects.filter(date=tuesday).values_list("pk", flat=True)) == regular


def test_an_opening_with_a_confirmed_booking_is_not_removed_and_the_booking_is_kept(now):
    opening, _ = openings.add_opening(BOSS, OFFICE, SATURDAY, time(9), time(12), [RENEWAL], "更新の集中")
    slot = Slot.objects.filter(date=SATURDAY, procedure_id=RENEWAL).first()
    booking = bookings.book(Actor.public(), slot.pk, RENEWAL, make_visitor()).booking
    with pytest.raises(openings.OpeningError) as refused:
        openings.remove_opening(BOSS, opening.pk)
    assert refused.value.code == "opening_booked" and refused.value.status == 409
    assert "1件" in refused.value.message("ja") and "Move or cancel" in refused.value.message("en")
    assert ExtraOpening.objects.filter(pk=opening.pk).exists() and Booking.objects.get(pk=booking.pk).status == "confirmed"
    assert not AuditEntry.objects.filter(action="delete").exists()
    # Cancelled, the booking stays as history on a blocked slot; the opening goes.
    bookings.cancel(Actor.public(), booking)
    _, closed = openings.remove_opening(BOSS, opening.pk)
    assert Slot.objects.get(pk=slot.pk).blocked and Booking.objects.filter(pk=booking.pk).exists()
    assert closed == Slot.objects.filter(pk=slot.pk).count() + AuditEntry.objects.get(action="delete").detail["slots_deleted"]


def test_the_forecast_page_links_to_the_openings_page(now, clerk_client):
    page = clerk_client.get("/staff/forecast/").content.decode()
    assert f'href="{URL}"' in page and "追加の開庁日（土曜・夜間）を設定する" in page


def test_a_clerk_reads_the_page_but_cannot_add(now, clerk_client):
    page = clerk_client.get(URL).content.decode()
    assert "追加の開庁日" in page and "開庁日の追加と削除は監督者が行います" in page and "openings/add/" not in page
    assert clerk_client.post(URL + "add/", FORM).status_code == 403
    assert not ExtraOpening.objects.exists()


def test_the_empty_form_marks_no_field_as_wrong(now, supervisor_client):
    """Seen at 375 px: the office select came red with its error mark before anything was sent."""
    page = supervisor_client.get(URL).content.decode()
    assert 'aria-invalid="true"' not in page and 'class="field-error"' not in page and "error-summary" not in page


def test_a_supervisor_adds_and_removes_an_opening_on_the_page(now, supervisor_client):
    done = supervisor_client.post(URL + "add/", FORM, follow=True).content.decode()
    assert "2026年12月12日（土） 09:00〜12:00を開庁日にしました" in done and "2026-12-12" not in done
    opening = ExtraOpening.objects.get()
    office = municipality().city.offices[0]  # the list and the form name the office, not its id
    assert f"<td data-label=\"窓口\">{office.name.ja}</td>" in done and f">{office.name.ja}</option>" in done
    assert f"openings/{opening.pk}/remove/" in done
    assert '<td data-label="時間">09:00〜12:00</td>' in done  # as the bookings day writes a span (date_text.clock_span_text)
    gone = supervisor_client.post(f"{URL}{opening.pk}/remove/", follow=True).content.decode()
    assert "2026年12月12日（土） 09:00〜12:00の開庁を削除しました" in gone and not ExtraOpening.objects.exists()
    assert AuditEntry.objects.filter(subject_type="extra-opening").count() == 2


@pytest.mark.parametrize("change, says", [
    ({"day": "2026-12-20"}, "2026年12月20日（日）は開庁日にできません（全国的なシステムメンテナンス"),  # the calendar's own words
    ({"day": "2026-12-15", "start": "17:15", "end": "20:30"}, "20:00より後までは開けられません"),  # the J-LIS evening limit
    ({"day": ""}, "開庁日を年・月・日で入力してください"),
    ({"procedures": []}, "開庁する手続を1つ以上選んでください"),
])  # fmt: skip
def test_the_page_says_why_it_refuses_and_keeps_what_was_typed(now, supervisor_client, change, says):
    response = supervisor_client.post(URL + "add/", {**FORM, **change})
    page = response.content.decode()
    assert response.status_code == 422 and says in page and 'href="#f-' in page
    assert 'aria-invalid="true"' in page or "procedures" in change  # the field is marked (a fieldset is described instead)
    assert 'value="更新の集中"' in page and not ExtraOpening.objects.exists()


def test_the_page_refuses_removal_while_bookings_exist(now, supervisor_client):
    opening, _ = openings.add_opening(BOSS, OFFICE, SATURDAY, time(9), time(12), [RENEWAL], "更新の集中")
    slot = Slot.objects.filter(date=SATURDAY, procedure_id=RENEWAL).first()
    bookings.book(Actor.public(), slot.pk, RENEWAL, make_visitor())
    listed = supervisor_client.get(URL).content.decode()
    assert "予約があるため削除できません" in listed and f"openings/{opening.pk}/remove/" not in listed
    refused = supervisor_client.post(f"{URL}{opening.pk}/remove/", follow=True).content.decode()
    assert "削除できません" in refused and "cannot be removed" in refused and ExtraOpening.objects.exists()
