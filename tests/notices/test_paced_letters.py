"""Paced renewal letters in the daily batch (forecast.yaml `paced_letters`):
run day after day, the batch sends each resident's letter exactly once, never
before the window opens nor after the plan's latest day, and each week's
letters stay under the week's capacity when capacity allows; when it cannot,
the plan says by how many clerk-hours the week falls short."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from madoguchi.core import clock
from madoguchi.forecast.models import Staffing
from madoguchi.forecast.services import pacing
from madoguchi.notices.models import BatchRun, Notice
from madoguchi.notices.services.batch import run_batch
from madoguchi.rules import forecast as fc

pytestmark = pytest.mark.django_db

KIND = "certificate-renewal-window"
# Certificates expiring 4-10 July 2027 open their windows Monday 5 - Sunday 11 April (the day after, three months before).
EXPIRIES = [date(2027, 7, 4) + timedelta(days=i % 7) for i in range(40)]
FIRST, LAST = date(2027, 4, 5), date(2027, 6, 14)


@pytest.fixture
def paced(monkeypatch):
    base = fc.load_forecast_settings("koganei")
    fs = fc.ForecastSettings(**{**base.__dict__, "paced_letters": True})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": fs)


def staff(clerks: int) -> None:
    for weekday in range(7):
        Staffing.objects.create(office_id="citizen-division", weekday=weekday, clerks=clerks, updated_by="suzuki", updated_at=clock.now())


@pytest.fixture
def register(make_card):
    return [make_card(expires=date(2031, 1, 10), cert_expires=e, name=f"小金 {i}郎") for i, e in enumerate(EXPIRIES)]


def run_every_day(start: date = FIRST, end: date = LAST) -> dict[str, date]:
    """The batch run each day; the day each certificate's letter was made."""
    day = start
    while day <= end:
        run_batch(day)
        day += timedelta(days=1)
    letters = Notice.objects.filter(kind=KIND, channel="letter")
    made = Counter(letters.values_list("subject_id", flat=True))
    assert set(made.values()) == {1}  # exactly once each
    return dict(letters.values_list("subject_id", "due_on"))


def test_koganei_does_not_pace_its_letters():
    assert fc.load_forecast_settings("koganei").paced_letters is False  # the city's choice, not set


def test_each_letter_once_within_its_window_and_each_week_under_capacity(paced, register):
    staff(1)  # about 12 letters a week (11 visits at 90 %), for 40 residents whose windows open in one week
    sent = run_every_day()
    certs = {str(c.certificates.get(kind="user").id): c.certificates.get(kind="user") for c in register}
    assert set(sent) == set(certs)
    for cid, day in sent.items():
        cert = certs[cid]
        assert cert.renewal_opens <= day <= pacing.latest_day(cert.renewal_opens) < cert.expires
    weekly = Counter(pacing.monday(d) for d in sent.values())
    assert len(weekly) >= 3  # spread over weeks, not all on the first day
    for week, n in weekly.items():
        room = pacing.weekly_capacity(fc.CERTIFICATE_RENEWAL, week, week + timedelta(days=6))[week] / pacing.uptake(fc.CERTIFICATE_RENEWAL)
        assert n <= room
    # Earliest expiry first: no letter of a later expiry went in an earlier week than one of an earlier expiry.
    by_expiry = sorted(sent.items(), key=lambda kv: (certs[kv[0]].expires, certs[kv[0]].id))
    weeks = [pacing.monday(d) for _, d in by_expiry]
    assert weeks == sorted(weeks)


def test_the_same_register_and_days_give_the_same_letters(paced, register):
    staff(1)
    first = run_every_day()
    Notice.objects.all().delete()
    BatchRun.objects.all().delete()
    assert run_every_day() == first


def test_without_capacity_every_letter_goes_on_its_latest_day_and_the_plan_says_the_shortfall(paced, register):
    staff(0)  # no clerk: no week can take a visit
    sent = run_every_day()
    assert set(sent.values()) == {pacing.latest_day(FIRST)} == {FIRST + timedelta(weeks=8)}  # the default: eight weeks after the cohort's Monday
    [week] = [w for w in pacing.plan_letters(FIRST, date(2027, 4, 11)) if w.letters]
    assert week.week == pacing.latest_day(FIRST) and sum(week.letters.values()) == 40
    assert week.short_visits == pytest.approx(40 * 0.9)  # uptake 90 %
    assert pacing.short_clerk_hours(week) == pytest.approx(40 * 0.9 * 25 / 60)  # 25 minutes each (queue.yaml)


def test_a_resident_at_the_latest_day_is_sent_even_over_capacity(paced, register):
    staff(1)
    # The batch starts running only on the cohort's latest day: everyone still waiting goes that day.
    run_batch(pacing.latest_day(FIRST))
    assert Notice.objects.filter(kind=KIND, channel="letter").count() == 40


def test_without_pacing_every_letter_goes_on_its_window_s_first_day(register):
    staff(1)
    sent = run_every_day(FIRST, date(2027, 4, 12))
    assert Counter(sent.values()) == Counter(date(2027, 4, 5) + timedelta(days=i % 7) for i in range(40))


def test_the_citys_latest_week_bounds_the_letters(monkeypatch, register):
    base = fc.load_forecast_settings("koganei")
    fs = fc.ForecastSettings(**{**base.__dict__, "paced_letters": True, "paced_latest_weeks": 4})
    monkeypatch.setattr(fc, "load_forecast_settings", lambda city="koganei": fs)
    staff(0)  # no week can take a visit: everyone waits to the latest day the city allows
    sent = run_every_day(FIRST, FIRST + timedelta(weeks=5))
    assert set(sent.values()) == {FIRST + timedelta(weeks=4)} == {pacing.latest_day(FIRST)}
