"""The day's end: unserved tickets closed with a reason, and the day's waits per
procedure and hour kept (DayWait) for the forecast, beside the estimates' error."""

from __future__ import annotations

import pytest

from madoguchi.core import clock
from madoguchi.queue.models import DayWait, Ticket
from madoguchi.queue.services import calls, day_end, tickets
from madoguchi.queue.services.figures import figures_of_day, p90

from .conftest import CLERK, DAY, OFFICE, PICKUP, RENEW, at

pytestmark = pytest.mark.django_db


def test_the_days_waits_per_procedure_and_hour_are_kept():
    with clock.pinned(at("09:00")):
        a1 = tickets.issue(CLERK, OFFICE, RENEW)  # estimated 0
        a2 = tickets.issue(CLERK, OFFICE, RENEW)  # estimated 13 (two windows)
    with clock.pinned(at("09:10")):
        calls.call_next(CLERK, OFFICE, 1)  # a1 waited 10
    with clock.pinned(at("09:40")):
        calls.call_next(CLERK, OFFICE, 1)  # a2 waited 40
    with clock.pinned(at("10:05")):
        tickets.issue(CLERK, OFFICE, PICKUP)  # never called
    with clock.pinned(at("19:00")):
        closed = day_end.close_day(CLERK)
    assert closed == {OFFICE: 3}  # the two called and the one never called
    assert set(Ticket.objects.values_list("close_reason", flat=True)) == {"day_end:called", "day_end"}
    kept = {(k.procedure_id, k.hour): k for k in DayWait.objects.filter(day=DAY.date())}
    assert set(kept) == {(RENEW, 9), (PICKUP, 10)}
    renew = kept[(RENEW, 9)]
    assert (renew.tickets, renew.called, renew.mean_wait, renew.p90_wait) == (2, 2, 25.0, 40.0)
    assert (renew.mean_error, renew.p90_error) == (18.5, 27.0)  # (10 - 0 + 40 - 13) / 2; |27| the larger
    pickup = kept[(PICKUP, 10)]
    assert (pickup.tickets, pickup.called, pickup.mean_wait) == (1, 0, None)
    assert a1.pk and a2.pk


def test_running_the_days_end_again_keeps_the_same_figures():
    tickets.issue(CLERK, OFFICE, RENEW)
    day_end.close_day(CLERK)
    day_end.close_day(CLERK)
    assert DayWait.objects.count() == 1
    assert figures_of_day(DAY.date(), OFFICE)[0].tickets == 1  # read back from the kept table


def test_p90_is_the_nearest_rank():
    assert p90([]) is None
    assert p90([5]) == 5
    assert p90(list(range(1, 11))) == 9
    assert p90(list(range(1, 21))) == 18
