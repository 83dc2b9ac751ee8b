"""The queue's services, one at a time: issue, call, recall, start, skip, done, transfer, day's end."""

from __future__ import annotations

import pytest

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.booking.services import bookings
from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, check_in, day_end, tickets
from madoguchi.queue.services.board import office_state, ticket_state
from madoguchi.queue.services.common import find_ticket, parse_number
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.windows import set_window

from .conftest import CLERK, DAY, OFFICE, PICKUP, RENEW, at, book

pytestmark = pytest.mark.django_db


def test_numbers_run_per_group_from_one_and_are_said_aloud():
    a1 = tickets.issue(CLERK, OFFICE, RENEW)
    a2 = tickets.issue(CLERK, OFFICE, RENEW)
    b1 = tickets.issue(CLERK, OFFICE, PICKUP)
    assert [a1.label, a2.label, b1.label] == ["A-001", "A-002", "B-001"]
    assert a1.kind == Ticket.Kind.WALK_IN and a1.state == Ticket.State.WAITING
    entry = AuditEntry.objects.filter(action="issue", subject_type="queue-ticket", subject_id=str(a2.pk)).get()
    assert entry.detail["number"] == "A-002"


def test_a_new_day_starts_again_at_one():
    tickets.issue(CLERK, OFFICE, RENEW)
    with clock.pinned(DAY.replace(day=25)):
        assert tickets.issue(CLERK, OFFICE, RENEW).label == "A-001"


def test_estimate_at_issue_counts_the_work_ahead_shared_by_open_windows():
    first = tickets.issue(CLERK, OFFICE, RENEW)
    second = tickets.issue(CLERK, OFFICE, RENEW)
    third = tickets.issue(CLERK, OFFICE, RENEW)
    # Windows 1 and 2 call renewals (25 minutes each).
    assert [first.estimate_minutes, second.estimate_minutes, third.estimate_minutes] == [0, 13, 25]
    place = ticket_state(third)
    assert (place["ahead"], place["estimated_wait_minutes"]) == (2, 25)


def test_unknown_procedure_is_refused_with_a_message_and_nothing_is_issued():
    with pytest.raises(QueueError) as e:
        tickets.issue(CLERK, OFFICE, "suspend-lost-card")  # by phone: not in the line
    assert e.value.code == "unknown_procedure" and "手続" in e.value.message("ja")
    assert not Ticket.objects.exists()


def test_call_next_follows_the_window_and_the_order():
    a = tickets.issue(CLERK, OFFICE, RENEW)
    b = tickets.issue(CLERK, OFFICE, PICKUP)
    assert calls.call_next(CLERK, OFFICE, 3).pk == b.pk  # window 3: pickups only
    with pytest.raises(QueueError) as e:
        calls.call_next(CLERK, OFFICE, 3)
    assert e.value.code == "nothing_waiting"
    called = calls.call_next(CLERK, OFFICE, 1)
    assert called.pk == a.pk and called.state == "called" and called.window == 1 and called.calls == 1
    assert office_state(OFFICE).calling[0] == {"number": "A-001", "window": 1, "state": "called"}


def test_a_booked_resident_at_their_time_goes_before_earlier_walk_ins():
    booking = book("10:00").booking
    with clock.pinned(at("09:40")):
        walk_in = tickets.issue(CLERK, OFFICE, RENEW)
    with clock.pinned(at("09:55")):
        bookings.check_in(CLERK, booking)  # the check-in makes the ticket
        booked = Ticket.objects.get(booking=booking)
        assert booked.kind == "booked" and booked.booked_at == at("10:00") and booked.label == "A-002"
        assert calls.call_next(CLERK, OFFICE, 1).pk == booked.pk
        assert calls.call_next(CLERK, OFFICE, 2).pk == walk_in.pk


def test_checking_in_twice_gives_the_same_ticket():
    confirmation = book("10:00")
    first = check_in.check_in_by_reference(CLERK, confirmation.booking.reference.lower())
    again = check_in.check_in_by_reference(CLERK, confirmation.booking.reference)
    typed = check_in.check_in_by_reference(CLERK, "　" + confirmation.booking.reference.replace("-", "") + " ")  # as reception may type it
    assert first.pk == again.pk == typed.pk and Ticket.objects.count() == 1


def test_recall_start_done_and_the_times():
    t = tickets.issue(CLERK, OFFICE, RENEW)
    with clock.pinned(at("09:10")):
        calls.call_next(CLERK, OFFICE, 1)
    with clock.pinned(at("09:11")):
        t = calls.recall(CLERK, t)
    assert t.calls == 2 and t.called_at == at("09:11")
    with clock.pinned(at("09:12")):
        t = calls.start(CLERK, t)
    with clock.pinned(at("09:40")):
        t = calls.done(CLERK, t)
    assert (t.state, t.served_at, t.done_at) == ("done", at("09:12"), at("09:40"))
    with pytest.raises(QueueError) as e:
        calls.done(CLERK, t)
    assert e.value.code == "wrong_state" and e.value.status == 409


def test_skip_is_only_for_a_called_ticket():
    t = tickets.issue(CLERK, OFFICE, RENEW)
    with pytest.raises(QueueError):
        calls.skip(CLERK, t)
    calls.call_next(CLERK, OFFICE, 1)
    assert calls.skip(CLERK, t).state == "skipped"


def test_transfer_to_a_window_makes_it_that_windows_next():
    first = tickets.issue(CLERK, OFFICE, PICKUP)
    second = tickets.issue(CLERK, OFFICE, PICKUP)
    calls.call_next(CLERK, OFFICE, 3)
    moved = calls.transfer(CLERK, first, to_window=4)
    assert (moved.state, moved.window) == ("waiting", 4)
    assert calls.call_next(CLERK, OFFICE, 3).pk == second.pk  # window 3 does not take it back
    assert calls.call_next(CLERK, OFFICE, 4).pk == first.pk


def test_transfer_to_another_procedure_keeps_the_number():
    t = tickets.issue(CLERK, OFFICE, RENEW)
    calls.call_next(CLERK, OFFICE, 1)
    moved = calls.transfer(CLERK, t, to_procedure=PICKUP)
    assert (moved.label, moved.procedure_id, moved.state) == ("A-001", PICKUP, "waiting")
    assert calls.call_next(CLERK, OFFICE, 3).pk == t.pk
    with pytest.raises(QueueError) as e:
        calls.transfer(CLERK, moved, to_window=99)
    assert e.value.code == "unknown_window"


def test_a_closed_window_does_not_call():
    tickets.issue(CLERK, OFFICE, RENEW)
    set_window(CLERK, OFFICE, 1, open=False)
    with pytest.raises(QueueError) as e:
        calls.call_next(CLERK, OFFICE, 1)
    assert e.value.code == "window_closed"
    assert calls.call_next(CLERK, OFFICE, 2).label == "A-001"


def test_day_end_closes_what_was_not_served_with_a_reason():
    served = tickets.issue(CLERK, OFFICE, RENEW)
    waiting = tickets.issue(CLERK, OFFICE, RENEW)
    called = tickets.issue(CLERK, OFFICE, PICKUP)
    calls.call_next(CLERK, OFFICE, 1)
    calls.done(CLERK, served)
    calls.call_next(CLERK, OFFICE, 3)
    assert day_end.close_day(CLERK) == {OFFICE: 2}
    waiting.refresh_from_db()
    called.refresh_from_db()
    assert (waiting.state, waiting.close_reason) == ("closed", "day_end")
    assert (called.state, called.close_reason) == ("closed", "day_end:called")
    assert day_end.close_day(CLERK) == {}


@pytest.mark.parametrize("typed, expected", [("A-012", ("A", 12)), ("a12", ("A", 12)), ("Ａ－０１２", ("A", 12)), ("B 7", ("B", 7))])
def test_numbers_as_people_type_them(typed, expected):
    assert parse_number(typed) == expected


def test_an_unknown_number_says_which():
    with pytest.raises(QueueError) as e:
        find_ticket(OFFICE, "C-404")
    assert e.value.status == 404 and "C-404" in e.value.message("en")
    with pytest.raises(QueueError) as e:
        find_ticket(OFFICE, "12")
    assert e.value.code == "bad_number"
