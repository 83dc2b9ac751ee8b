"""Extra opening days a supervisor sets: the calendar refuses a holiday, the
year end and the J-LIS maintenance Sunday; an opening it takes has slots that
residents book and minutes the forecast counts; the plan proposes one for a
week the clerks cannot cover, applied in one audited action."""

from __future__ import annotations

from datetime import date, time

import pytest
from stdnum.jp import in_
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.core.city import municipality
from madoguchi.core.date_text import day_text
from madoguchi.forecast import capacity, openings
from madoguchi.forecast.models import ExtraOpening
from madoguchi.forecast.services import suggest
from madoguchi.rules import forecast as fc

from .test_views import wave  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

OFFICE, RENEWAL = "citizen-division", "certificate-renewal"
BOSS = Actor("suzuki", role="supervisor")
MY_NUMBER = "98765432101" + in_.calc_check_digit("98765432101")  # valid, and no resident's
SATURDAY = date(2026, 12, 12)  # an ordinary Saturday: the office is shut, nothing else


@pytest.mark.parametrize("day, closed_by", [
    (date(2026, 12, 20), "jlis_maintenance"),   # the Sunday after the third Saturday of December
    (date(2027, 2, 21), "jlis_maintenance"),    # ... and of February
    (date(2026, 12, 29), "year_end"),           # the year-end closure (29 Dec – 3 Jan), a weekday
    (date(2027, 1, 2), "year_end"),             # ... and a Saturday in it
    (date(2027, 2, 11), "national_holiday"),    # 建国記念の日
])  # fmt: skip
def test_the_calendar_refuses_an_opening_on_a_national_closure(now, day, closed_by):
    with pytest.raises(openings.OpeningError) as refused:
        openings.add_opening(BOSS, OFFICE, day, time(9, 0), time(17, 0), [RENEWAL], "更新の集中")
    e = refused.value
    assert e.code == "opening_closed" and e.status == 422 and e.extra["closed_reason"] == closed_by
    for language in ("ja", "en", "easy"):  # the catalog's wording, with the day it refused as a person reads it
        assert day_text(day, language, readings=False) in e.message(language) and day.isoformat() not in e.message(language)
    assert not ExtraOpening.objects.exists() and not Slot.objects.exists() and not AuditEntry.objects.exists()


def test_bad_hours_and_an_empty_reason_change_nothing(now):
    for start, end, reason, code in [(time(17), time(9), "更新", "opening_hours"), (time(9), time(12), " ", "opening_reason")]:
        with pytest.raises(openings.OpeningError) as refused:
            openings.add_opening(BOSS, OFFICE, SATURDAY, start, end, [RENEWAL], reason)
        assert refused.value.code == code
    assert not ExtraOpening.objects.exists() and not AuditEntry.objects.exists()


def test_an_opening_opens_the_day_for_every_surface_with_its_slots_and_one_audit_entry(now):
    assert not municipality().day(RENEWAL, SATURDAY).open
    assert not capacity.minutes_available(OFFICE, [RENEWAL], SATURDAY, SATURDAY)[RENEWAL]
    opening, opened = openings.add_opening(BOSS, OFFICE, SATURDAY, time(9, 0), time(12, 0), [RENEWAL], "更新の集中")
    status = municipality().day(RENEWAL, SATURDAY)
    assert status.open and [h.labels() for h in status.hours] == [("09:00", "12:00")]
    assert not municipality().day("card-pickup", SATURDAY).open  # only the procedures it names
    slots = Slot.objects.filter(date=SATURDAY, procedure_id=RENEWAL)
    assert opened == slots.count() > 0 and all(time(9) <= s.start and s.end <= time(12) for s in slots)
    assert capacity.minutes_available(OFFICE, [RENEWAL], SATURDAY, SATURDAY)[RENEWAL][SATURDAY] > 0  # the forecast counts it
    [entry] = AuditEntry.objects.all()
    assert (entry.subject_type, entry.subject_id, entry.detail["slots_opened"]) == ("extra-opening", str(opening.pk), opened)
    page = Client().get(f"/ja/book/{RENEWAL}/").content.decode()
    assert f"/ja/book/{RENEWAL}/{SATURDAY.isoformat()}/" in page  # the resident's booking page offers the day
    with pytest.raises(openings.OpeningError) as again:
        openings.add_opening(BOSS, OFFICE, SATURDAY, time(9, 0), time(12, 0), [RENEWAL], "更新の集中")
    assert again.value.code == "opening_exists" and AuditEntry.objects.count() == 1


def test_an_evening_adds_its_hours_to_an_open_weekday(now):
    tuesday = date(2026, 12, 15)
    openings.add_opening(BOSS, OFFICE, tuesday, time(17, 15), time(19, 0), [RENEWAL], "夜間窓口")
    hours = [h.labels() for h in municipality().day(RENEWAL, tuesday).hours]
    assert hours[-1] == ("17:15", "19:00") and len(hours) >= 2


@pytest.fixture
def capped(monkeypatch):
    """A city whose office seats at most the clerks it has, and opens extra Saturdays 9:00-17:00."""
    base = fc.load_forecast_settings("koganei")
    fs = fc.ForecastSettings(**{**base.__dict__, "max_clerks_per_day": 3, "saturday_hours": ("09:00", "17:00")})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": fs)


def test_a_week_the_clerks_cannot_cover_gets_its_saturday_applied_in_one_audited_action(wave, capped):
    monday = date(2027, 2, 1)
    [before] = suggest.forecast(monday, date(2027, 2, 7), office=OFFICE, procedure=RENEWAL)
    [s] = suggest.suggestions([before])
    assert (s.extra_day, s.extra_hours) == (date(2027, 2, 6), ("09:00", "17:00"))
    suggest.apply(BOSS, OFFICE, RENEWAL, "2027-W05")
    assert ExtraOpening.objects.get().day == date(2027, 2, 6)
    assert Slot.objects.filter(date=date(2027, 2, 6), procedure_id=RENEWAL).exists()
    [entry] = AuditEntry.objects.filter(subject_type__in=["forecast-plan", "extra-opening"])
    assert entry.subject_type == "forecast-plan" and entry.detail["extra_opening"]["day"] == "2027-02-06"
    [after] = suggest.forecast(monday, date(2027, 2, 7), office=OFFICE, procedure=RENEWAL)
    saturday = capacity.minutes_available(OFFICE, [RENEWAL], date(2027, 2, 6), date(2027, 2, 6))[RENEWAL][date(2027, 2, 6)]
    assert saturday > 0 and after.minutes_available == pytest.approx(before.minutes_available + saturday)  # the forecast counts it


def test_no_saturday_is_proposed_without_a_cap(wave):
    rows = suggest.forecast(date(2027, 2, 1), date(2027, 2, 7), office=OFFICE, procedure=RENEWAL)
    assert all(s.extra_day is None for s in suggest.suggestions(rows))



def test_the_command_sets_an_opening_and_says_why_it_refuses(now):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    argv = ["--office", OFFICE, "--start", "09:00", "--end", "12:00", "--procedure", RENEWAL, "--reason", "更新の集中", "--by", "suzuki"]
    with pytest.raises(CommandError, match="maintenance"):
        call_command("add_opening", "--day", "2026-12-20", *argv)
    with pytest.raises(CommandError, match="マイナンバー"):
        call_command("add_opening", "--day", SATURDAY.isoformat(), *argv[:-3], MY_NUMBER, "--by", "suzuki")
    assert not ExtraOpening.objects.exists()
    call_command("add_opening", "--day", SATURDAY.isoformat(), *argv)
    assert ExtraOpening.objects.get().day == SATURDAY and Slot.objects.filter(date=SATURDAY).exists()


@pytest.mark.parametrize("end, refused", [(time(20, 0), False), (time(20, 1), True), (time(21, 0), True)])
def test_an_evening_may_run_to_the_j_lis_server_s_limit_and_no_later(now, end, refused):
    tuesday = date(2026, 12, 15)
    if not refused:
        openings.add_opening(BOSS, OFFICE, tuesday, time(17, 15), end, [RENEWAL], "夜間窓口")
        assert municipality().day(RENEWAL, tuesday).hours[-1].labels() == ("17:15", "20:00")
        return
    with pytest.raises(openings.OpeningError) as e:
        openings.add_opening(BOSS, OFFICE, tuesday, time(17, 15), end, [RENEWAL], "夜間窓口")
    assert (e.value.code, e.value.extra["closed_reason"], e.value.field) == ("opening_evening_limit", "jlis_evening_limit", "end")
    assert "20:00" in e.value.message("ja") and "J-LIS" in e.value.message("en") and "20:00" in e.value.message("easy")
    assert not ExtraOpening.objects.exists() and not AuditEntry.objects.exists()


def test_no_evening_past_the_limit_is_proposed(wave, monkeypatch):
    base = fc.load_forecast_settings("koganei")
    late = fc.ForecastSettings(**{**base.__dict__, "max_clerks_per_day": 3, "evening_hours": ("17:15", "21:00")})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": late)
    rows = suggest.forecast(date(2027, 2, 1), date(2027, 2, 7), office=OFFICE, procedure=RENEWAL)
    assert all(s.extra_day is None for s in suggest.suggestions(rows))
    ok = fc.ForecastSettings(**{**base.__dict__, "max_clerks_per_day": 3, "evening_hours": ("17:15", "20:00")})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": ok)
    [s] = suggest.suggestions(rows)
    assert s.extra_hours == ("17:15", "20:00") and s.extra_day.weekday() < 5
