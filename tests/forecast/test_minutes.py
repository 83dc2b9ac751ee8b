"""Minutes per procedure and office: the office's own cases once there are enough
of them, else every office's, queue.yaml's typical minutes before; the queue's
estimates use the same."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from madoguchi.core import clock
from madoguchi.counter.models import Case, Resident
from madoguchi.forecast.minutes import measured_minutes, minutes_per_procedure
from madoguchi.queue.estimates import minutes_per_procedure as queue_minutes
from madoguchi.rules.forecast import measure
from madoguchi.rules.queue_data import load_queue_data

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=clock.TOKYO)


def cases(procedure: str, minutes: list[int], *, days_ago: int = 1, channel: str = "counter", office: str | None = None) -> None:
    resident = Resident.objects.create(
        family_name="架空", given_name="一", family_name_kana="カクウ", given_name_kana="イチ", birth_date=date(1980, 1, 1),
        sex="male", address="東京都小金井市本町1-1-1", household="H1",
    )  # fmt: skip
    start = NOW - timedelta(days=days_ago)
    Case.objects.bulk_create(
        Case(resident=resident, action="renew-certificates", procedure=procedure, clerk="tanaka", channel=channel,
             office_id=office, started_at=start, completed_at=start + timedelta(minutes=m))
        for m in minutes
    )  # fmt: skip


def test_the_median_and_90th_percentile_of_the_cases():
    m = measure(range(10, 40), typical=25, min_cases=30)
    assert (m.median, m.p90, m.cases, m.measured) == (24.5, pytest.approx(36.1), 30, True)


def test_fewer_cases_than_the_threshold_keep_the_typical_minutes():
    with clock.pinned(NOW):
        cases("certificate-renewal", [5] * 29)
        m = measured_minutes("citizen-division")["certificate-renewal"]
    assert (m.median, m.measured, m.cases) == (load_queue_data("koganei").minutes["certificate-renewal"], False, 29)


def test_enough_recent_counter_cases_are_the_minutes_and_the_queue_uses_them():
    with clock.pinned(NOW):
        cases("card-pickup", list(range(10, 40)))
        cases("card-pickup", [200] * 40, days_ago=120)  # outside the 90-day window
        cases("card-pickup", [200] * 40, channel="phone")  # the 24-hour line's records are not counter time
        cases("card-pickup", [60 * 9] * 5)  # a case left open all day is not a procedure's length
        assert minutes_per_procedure("citizen-division")["card-pickup"] == 24.5
        assert queue_minutes(load_queue_data("koganei"), "citizen-division")["card-pickup"] == 24.5
        assert queue_minutes(load_queue_data("koganei"), "citizen-division")["pin-reset"] == load_queue_data("koganei").minutes["pin-reset"]


@pytest.fixture
def two_offices(monkeypatch):
    """Koganei with a second (fictional) office beside its citizen division."""
    from madoguchi.core.city import municipality

    m = municipality()
    branch = dataclasses.replace(m.city.offices[0], id="branch")
    city = dataclasses.replace(m.city, offices=(*m.city.offices, branch))
    monkeypatch.setattr("madoguchi.forecast.minutes.municipality", lambda: dataclasses.replace(m, city=city))


def test_an_office_with_enough_cases_has_its_own_minutes(two_offices):
    with clock.pinned(NOW):
        cases("certificate-renewal", [10] * 30, office="citizen-division")
        cases("certificate-renewal", [40] * 30, office="branch")
        here, there, city = measured_minutes("citizen-division"), measured_minutes("branch"), measured_minutes()
    assert (here["certificate-renewal"].median, here["certificate-renewal"].basis) == (10, "office")
    assert (there["certificate-renewal"].median, there["certificate-renewal"].basis) == (40, "office")
    assert (city["certificate-renewal"].median, city["certificate-renewal"].cases) == (25, 60)


def test_an_office_with_too_few_cases_takes_the_citys_old_rows_included(two_offices):
    with clock.pinned(NOW):
        cases("certificate-renewal", [10] * 30, office="citizen-division")
        cases("certificate-renewal", [12] * 10)  # recorded before cases kept their office
        cases("certificate-renewal", [40] * 5, office="branch")
        m = measured_minutes("branch")["certificate-renewal"]
        assert queue_minutes(load_queue_data("koganei"), "branch")["certificate-renewal"] == m.median
    assert (m.median, m.basis, m.cases, m.measured) == (10, "city", 45, True)


def test_with_too_few_cases_anywhere_an_office_has_the_typical_minutes(two_offices):
    with clock.pinned(NOW):
        cases("certificate-renewal", [5] * 20, office="branch")
        m = measured_minutes("branch")["certificate-renewal"]
    typical = load_queue_data("koganei").minutes["certificate-renewal"]
    assert (m.median, m.basis, m.measured) == (typical, "typical", False)
