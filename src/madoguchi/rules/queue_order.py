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
    """
    order = call_order(waiting, now, settings)
    out: dict[int, Place] = {}
    for i, ticket in enumerate(order):
        mine = {w for w, serves in windows.items() if can_call(w, serves, ticket)}
        if mine:
            ahead = [t for t in order[:i] if any(can_call(w, windows[w], t) for w in mine)]
        else:  # no window open for it yet: those of the same procedure are ahead
            ahead = [t for t in order[:i] if t.procedure == ticket.procedure]
        out[ticket.key] = Place(len(ahead), estimate_minutes([minutes.get(t.procedure, 0) for t in ahead], len(mine)))
    return out


def wait_for_new(
    procedure: str,
    waiting: Sequence[Waiting],
    windows: Mapping[int, frozenset[str]],
    minutes: Mapping[str, float],
    now: datetime,
    settings: OrderSettings,
) -> Place:
    """The place a walk-in of `procedure` arriving now would get (the public wait times)."""
    newcomer = Waiting(key=max((t.key for t in waiting), default=0) + 1, procedure=procedure, kind=WALK_IN, arrived=now)
    return places([*waiting, newcomer], windows, minutes, now, settings)[newcomer.key]
