"""The line at the counter: who is called next, how many are ahead, how long the wait.

Plain Python (no Django): the queue app's services hand in the waiting tickets
and the windows, and do what this says. The rule, in a clerk's words:

- A resident who booked is called at the booked time: from `grace_minutes`
  before it, a booked ticket goes ahead of every walk-in.
- Before that time, a booked ticket waits in the order of arrival like
  everyone else, so a resident who booked is never called after someone who
  walked in later than them.
- A resident who checks in more than `late_minutes` after the booked time
  (Katano's rule: five minutes) is a walk-in from the moment they arrived.
- A ticket sent to one window by a clerk (transfer) is that window's next.
- A window calls only the tickets of the procedures it serves.

Ties are broken by the ticket's number order (the order it was issued in).
Cases a clerk can read: tests/rules/cases/queue_order.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

BOOKED = "booked"
WALK_IN = "walk-in"


@dataclass(frozen=True)
class OrderSettings:
    grace_minutes: int = 10  # how long before the booked time a booked ticket goes first
    late_minutes: int = 5  # checked in later than this after the booked time: a walk-in


@dataclass(frozen=True)
class Waiting:
    """One waiting ticket, as the rule sees it (no name, no personal data)."""

    key: int  # the ticket's id: issue order
    procedure: str
    kind: str  # BOOKED or WALK_IN
    arrived: datetime  # when the ticket was issued (reception or check-in)
    booked_at: datetime | None = None  # the booked time, for BOOKED
    window: int | None = None  # sent to this window by a transfer
    transferred: datetime | None = None


def is_late(ticket: Waiting, settings: OrderSettings) -> bool:
    """A booked resident who arrived more than `late_minutes` after the booked time."""
    if ticket.kind != BOOKED or ticket.booked_at is None:
        return False
    return ticket.arrived > ticket.booked_at + timedelta(minutes=settings.late_minutes)


def counts_as_booked(ticket: Waiting, settings: OrderSettings) -> bool:
    return ticket.kind == BOOKED and ticket.booked_at is not None and not is_late(ticket, settings)


def _rank(ticket: Waiting, now: datetime, settings: OrderSettings) -> tuple:
    if ticket.window is not None:  # a transfer: first at its window, in the order sent
        return (0, ticket.transferred or ticket.arrived, ticket.key)
    if counts_as_booked(ticket, settings) and now >= ticket.booked_at - timedelta(minutes=settings.grace_minutes):
        return (1, ticket.booked_at, ticket.key)
    return (2, ticket.arrived, ticket.key)


def call_order(waiting: Iterable[Waiting], now: datetime, settings: OrderSettings) -> list[Waiting]:
    """Every waiting ticket, first to be called first (any window)."""
    return sorted(waiting, key=lambda t: _rank(t, now, settings))


def can_call(window: int, serves: frozenset[str], ticket: Waiting) -> bool:
    if ticket.window is not None:
        return ticket.window == window
    return ticket.procedure in serves


def next_for_window(
    window: int, serves: frozenset[str], waiting: Iterable[Waiting], now: datetime, settings: OrderSettings
) -> list[Waiting]:
    """The tickets this window may call, in the order it should call them."""
    return [t for t in call_order(waiting, now, settings) if can_call(window, serves, t)]


@dataclass(frozen=True)
class Place:
    ahead: int  # tickets before this one that compete for the same windows
    minutes: int  # estimated wait


def estimate_minutes(minutes_ahead: Sequence[float], windows_open: int) -> int:
    """The work before a ticket shared among the windows open for it, rounded up.
    (A ticket ahead that other windows may take too counts for its share: `places`.)

    No open window: the wait is the work ahead as if one window were open
    (the counter opens one when residents wait)."""
    return math.ceil(sum(minutes_ahead) / max(1, windows_open))


def places(
    waiting: Iterable[Waiting],
    windows: Mapping[int, frozenset[str]],
    minutes: Mapping[str, float],
    now: datetime,
    settings: OrderSettings,
) -> dict[int, Place]:
    """For each waiting ticket: how many are ahead of it and the estimated wait.

    A ticket ahead counts when some open window could call both it and this one
    (with none open for this one: a ticket of the same procedure);
    `windows` holds the open windows only, `minutes` the typical minutes per procedure.
    A booked resident who checked in early is told the sooner of the line by
    arrival and the wait from the booked time's grace (`_sooner_when_due`), as at
    check-in, so the phone never shows more than the ticket said.
    """
    waiting = list(waiting)
    out = _places_now(waiting, windows, minutes, now, settings)
    for ticket in waiting:
        if ticket.key in out:
            out[ticket.key] = _sooner_when_due(ticket, out[ticket.key], waiting, windows, minutes, now, settings)
    return out


def _places_now(
    waiting: Sequence[Waiting],
    windows: Mapping[int, frozenset[str]],
    minutes: Mapping[str, float],
    now: datetime,
    settings: OrderSettings,
) -> dict[int, Place]:
    """The places by today's call order alone (see `places`)."""
    order = call_order(waiting, now, settings)

    # Tickets compete by the windows that may call them: a class per procedure,
    # and one per window for the tickets sent to a window. Counting per class
    # keeps this linear in the tickets (a day has thousands).
    def klass(t: Waiting) -> tuple:
        return ("window", t.window) if t.window is not None else ("procedure", t.procedure)

    reach: dict[tuple, frozenset[int]] = {}

    def windows_of(c: tuple) -> frozenset[int]:
        if c not in reach:
            reach[c] = frozenset(w for w in windows if (w == c[1] if c[0] == "window" else c[1] in windows[w]))
        return reach[c]

    count: dict[tuple, int] = {}
    work: dict[tuple, float] = {}
    same: dict[str, tuple[int, float]] = {}  # per procedure, for a ticket no open window calls
    out: dict[int, Place] = {}
    for ticket in order:
        c = klass(ticket)
        mine = windows_of(c)
        if mine:
            # A rival's work is shared by its windows: the part that falls on
            # this ticket's windows is what delays it.
            rivals = [k for k in count if windows_of(k) & mine]
            ahead = sum(count[k] for k in rivals)
            before = [work[k] * len(windows_of(k) & mine) / len(windows_of(k)) for k in rivals]
        else:
            ahead, total = same.get(ticket.procedure, (0, 0.0))
            before = [total]
        out[ticket.key] = Place(ahead, estimate_minutes(before, len(mine)))
        m = minutes.get(ticket.procedure, 0)
        count[c] = count.get(c, 0) + 1
        work[c] = work.get(c, 0.0) + m
        n, total = same.get(ticket.procedure, (0, 0.0))
        same[ticket.procedure] = (n + 1, total + m)
    return out


def wait_for_new(
    procedure: str,
    waiting: Sequence[Waiting],
    windows: Mapping[int, frozenset[str]],
    minutes: Mapping[str, float],
    now: datetime,
    settings: OrderSettings,
    booked_at: datetime | None = None,
) -> Place:
    """The place a resident of `procedure` arriving now would get: a walk-in (the public
    wait times), or, with `booked_at`, a booked resident checking in.

    A booked resident on time goes ahead of the walk-ins from `grace_minutes` before
    the booked time, so counting the walk-ins ahead of them by arrival overstates
    their wait (it did, by 84 minutes on average, in the simulated day). One who
    checks in early waits by arrival until then: the estimate is the sooner of the
    wait by arrival and the minutes until the booked time's grace opens plus the
    booked tickets due before theirs (the walk-ins now ahead are served by then, or
    are behind them at that time)."""
    newcomer = Waiting(key=max((t.key for t in waiting), default=0) + 1, procedure=procedure,
                       kind=WALK_IN if booked_at is None else BOOKED, arrived=now, booked_at=booked_at)
    return places([*waiting, newcomer], windows, minutes, now, settings)[newcomer.key]


def _sooner_when_due(
    ticket: Waiting,
    by_arrival: Place,
    waiting: Sequence[Waiting],
    windows: Mapping[int, frozenset[str]],
    minutes: Mapping[str, float],
    now: datetime,
    settings: OrderSettings,
) -> Place:
    """For a booked ticket checked in before its grace opens: the sooner of its place
    by arrival and the minutes until the grace opens plus the booked (and
    transferred) tickets due before it then. Any other ticket keeps `by_arrival`."""
    if not counts_as_booked(ticket, settings) or ticket.window is not None:
        return by_arrival
    due = ticket.booked_at - timedelta(minutes=settings.grace_minutes)
    if now >= due:
        return by_arrival
    booked_first = [t for t in waiting if t.key != ticket.key and (t.window is not None or (
        counts_as_booked(t, settings) and t.booked_at is not None and t.booked_at <= ticket.booked_at))]
    at_due = _places_now([*booked_first, ticket], windows, minutes, due, settings)[ticket.key]
    until = math.ceil((due - now).total_seconds() / 60)
    later = Place(at_due.ahead, until + at_due.minutes)
    return later if later.minutes < by_arrival.minutes else by_arrival
