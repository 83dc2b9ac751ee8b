"""A whole counter day through the services: thousands of tickets, booked and walk-in,
many windows, random lateness, no-shows and residents not there when called (seeded).

Every ticket is called exactly once or closed with a reason; a booked resident
is never called after a walk-in who came later to a window that serves them,
unless they were late; the estimate's error is printed (`-s` shows it).
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import timedelta

import pytest

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.visitor import Visitor
from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, day_end, tickets
from madoguchi.queue.services.common import queue_data
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.windows import set_window, windows

from .conftest import CLERK, DAY, OFFICE, at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SEED = 15
WALK_INS = 1700
BOOKED_PROCEDURES = ["certificate-renewal", "card-pickup", "card-renewal"]
SEATS = 8  # per 30-minute slot and procedure: 17 slots x 8 x 3 = 408 bookings
WINDOWS = 80
NOT_HERE = 0.03  # called and not there
NO_SHOW = 0.05  # booked and never came
LATE_SIGMA = 8  # minutes of lateness: normal around -5 (most come early)


def _setup_windows(rng: random.Random) -> None:
    data = queue_data()
    groups = [list(g.procedures) for g in data.groups]
    weights = [4, 4, 3, 2]  # renewals and pickups are most of the wave
    for n in range(1, WINDOWS + 1):
        serves = list(rng.choices(groups, weights=weights)[0])
        if rng.random() < 0.3:  # some windows take a second group too
            serves += rng.choice(groups)
        set_window(CLERK, OFFICE, n, sorted(set(serves)), open=True)


def _book_the_day() -> list[Booking]:
    with clock.pinned(DAY - timedelta(days=1)):
        for procedure in BOOKED_PROCEDURES:
            slot_services.set_seats(CLERK, OFFICE, procedure, SEATS)
            slot_services.open_slots(procedure, DAY.date(), DAY.date())
        made = []
        for slot in Slot.objects.filter(date=DAY.date()).order_by("start", "procedure_id"):
            for i in range(slot.capacity):
                made.append(bookings.book(CLERK, slot.pk, slot.procedure_id,
                                          Visitor(f"予約 花子{slot.pk}-{i}", "ヨヤク ハナコ", "", "090-0000-0000", 1)).booking)
    return made


def test_a_simulated_day(capsys):
    rng = random.Random(SEED)
    windows(OFFICE)
    _setup_windows(rng)
    booked = _book_the_day()
    data = queue_data()
    procedures = [p for p in data.procedures()]
    opening, last_arrival, closing = at("08:30"), at("16:30"), at("19:00")

    # Arrivals, minute by minute: walk-ins spread over the day, booked residents around their time.
    arrivals: dict = {}
    for _ in range(WALK_INS):
        minute = opening + timedelta(minutes=rng.randrange(int((last_arrival - opening).total_seconds() // 60)))
        arrivals.setdefault(minute, []).append(("walk-in", rng.choice(procedures)))
    for b in booked:
        if rng.random() < NO_SHOW:
            continue
        start = at(b.slot.start.strftime("%H:%M"))
        came = start + timedelta(minutes=round(rng.gauss(-5, LATE_SIGMA)))
        arrivals.setdefault(max(opening, came), []).append(("booked", b))

    serves = {w.number: w.serves() for w in windows(OFFICE)}
    waiting: Counter = Counter()
    busy_until: dict[int, object] = {}
    serving: dict[int, Ticket] = {}
    minute = opening
    while minute <= closing:
        with clock.pinned(minute):
            for kind, what in arrivals.get(minute, []):
                if kind == "walk-in":
                    waiting[tickets.issue(CLERK, OFFICE, what).procedure_id] += 1
                else:
                    bookings.check_in(CLERK, what)
                    waiting[what.procedure_id] += 1
            for w in range(1, WINDOWS + 1):
                if busy_until.get(w, opening) > minute:
                    continue
                if w in serving:
                    calls.done(CLERK, serving.pop(w))
                if not any(waiting[p] for p in serves[w]):
                    continue  # the clerk's screen shows nobody waiting for this window
                try:
                    ticket = calls.call_next(CLERK, OFFICE, w)
                except QueueError:
                    continue
                waiting[ticket.procedure_id] -= 1
                if rng.random() < NOT_HERE:
                    calls.skip(CLERK, ticket)
                    continue
                serving[w] = calls.start(CLERK, ticket)
                busy_until[w] = minute + timedelta(minutes=max(3, round(data.minutes[ticket.procedure_id] * rng.uniform(0.5, 1.1))))
        minute += timedelta(minutes=1)
    with clock.pinned(closing):
        for ticket in serving.values():
            calls.done(CLERK, ticket)
        day_end.close_day(CLERK)

    all_tickets = list(Ticket.objects.filter(day=DAY.date()))
    assert len(all_tickets) >= 2000, "thousands of tickets"
    called_entries = Counter(int(e) for e in AuditEntry.objects.filter(action="call", subject_type="queue-ticket")
                             .values_list("subject_id", flat=True))
    for t in all_tickets:
        if t.state == Ticket.State.CLOSED:
            assert t.close_reason and called_entries[t.pk] == 0, t
        else:
            assert t.state in (Ticket.State.DONE, Ticket.State.SKIPPED), t
            assert called_entries[t.pk] == 1 and t.calls == 1, t

    # No booked resident (on time) waited while a later walk-in was called to a window serving them.
    late = timedelta(minutes=data.order.late_minutes)
    on_time = [t for t in all_tickets if t.kind == "booked" and t.issued_at <= t.booked_at + late]
    walked = [t for t in all_tickets if t.called_at and (t.kind == "walk-in" or t.issued_at > t.booked_at + late)]
    assert on_time and len(on_time) < len([t for t in all_tickets if t.kind == "booked"]), "some booked residents were late"
    for w in walked:
        for b in on_time:
            if b.procedure_id in serves[w.window] and b.issued_at < w.issued_at and (b.called_at is None or b.called_at > w.called_at):
                pytest.fail(f"booked {b.label} (arrived {b.issued_at:%H:%M}) waited while walk-in {w.label} "
                            f"(arrived {w.issued_at:%H:%M}) was called at {w.called_at:%H:%M} to window {w.window}")

    errors = [t.waited_minutes - t.estimate_minutes for t in all_tickets if t.called_at]
    by_kind = {k: [t for t in all_tickets if t.called_at and t.kind == k] for k in ("booked", "walk-in")}
    kinds = ", ".join(f"{k} {statistics.mean(t.waited_minutes - t.estimate_minutes for t in ts):+.1f} "
                      f"(estimated {statistics.mean(t.estimate_minutes for t in ts):.0f}, waited {statistics.mean(t.waited_minutes for t in ts):.0f})"
                      for k, ts in by_kind.items())
    booked_delay = [(t.called_at - t.booked_at).total_seconds() / 60 for t in on_time if t.called_at]
    states = Counter(t.state for t in all_tickets)
    with capsys.disabled():
        print(f"\nsimulated day (seed {SEED}): {len(all_tickets)} tickets, {WINDOWS} windows, {dict(states)}"
              f"\n  estimate error (actual - estimated wait, minutes): mean {statistics.mean(errors):+.1f}, "
              f"median {statistics.median(errors):+.1f}, mean absolute {statistics.mean(abs(e) for e in errors):.1f}, "
              f"p90 absolute {sorted(abs(e) for e in errors)[int(len(errors) * 0.9)]:.1f}"
              f"\n  mean error by kind: {kinds}"
              f"\n  booked on time: called {statistics.mean(booked_delay):+.1f} min from their time on average")
