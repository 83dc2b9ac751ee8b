"""rules/slots.py: a day's open hours cut into slots, with no database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.rules.calendar import DayStatus, Interval
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.slots import slot_plan, slot_times

KOGANEI = load_municipality("koganei")


def test_a_weekday_is_cut_into_slots_and_the_short_tail_dropped():
    day = DayStatus(date(2026, 11, 24), True, (Interval.parse("08:30", "17:00"),), ())
    slots = slot_times(day, 40)
    assert slots[0].labels() == ("08:30", "09:10")
    assert slots[-1].labels() == ("15:50", "16:30")  # 16:30-17:10 would run past closing


def test_a_closed_day_has_no_slots():
    day = KOGANEI.day("card-info-change", date(2026, 11, 22))  # the maintenance Sunday
    assert not day.open and slot_times(day, 30) == []


def test_the_plan_asks_the_calendar_for_each_day():
    plan = slot_plan(KOGANEI, "pin-reset", date(2026, 12, 26), date(2027, 1, 5), 30)
    days = sorted({s.date for s in plan})
    # 12/26 Sat closed; 12/27 Sun open (9-13); 12/29-1/3 year end; 1/4 Mon open.
    assert days == [date(2026, 12, 27), date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 5)]


def test_a_procedure_that_is_not_bookable_is_refused():
    with pytest.raises(RulesInputError) as error:
        slot_plan(KOGANEI, "suspend-lost-card", date(2026, 12, 1), date(2026, 12, 1), 30)
    assert error.value.code == "not_bookable"


@pytest.mark.parametrize("minutes", [0, 4, 24 * 60 + 1])
def test_a_silly_slot_length_is_refused(minutes):
    with pytest.raises(RulesInputError):
        slot_times(DayStatus(date(2026, 1, 1), True, (Interval(0, 60),), ()), minutes)


@given(
    start=st.integers(0, 23 * 60), length=st.integers(0, 600), minutes=st.sampled_from([10, 15, 20, 30, 45, 60])
)
def test_slots_never_overlap_and_stay_within_the_hours(start, length, minutes):
    hours = Interval(start, min(24 * 60, start + length))
    slots = slot_times(DayStatus(date(2026, 1, 5), True, (hours,), ()), minutes)
    assert len(slots) == (hours.end - hours.start) // minutes
    for a, b in zip(slots, slots[1:]):
        assert a.interval.end == b.interval.start
    assert all(hours.start <= s.interval.start and s.interval.end <= hours.end for s in slots)
