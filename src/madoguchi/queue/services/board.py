"""What the screens show: the numbers called, the next ones, each group's wait, a ticket's place.

Reads only. `office_state` is computed once per change of the office's line
(its board version) and kept per process, so a thousand phones watching the
same office cost one computation per call, not a thousand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from madoguchi.core import clock
from madoguchi.rules import queue_order as order

from ..estimates import minutes_per_procedure
from ..models import Ticket
from .common import as_waiting, board_version, queue_data, waiting_tickets
from .windows import open_windows

CALLING_SHOWN = 8  # numbers the display keeps on screen after their call


@dataclass
class OfficeState:
    office: str
    version: int
    at: datetime
    calling: list[dict]  # [{number, window, state}] latest call first
    next: list[str]
    groups: list[dict]
    places: dict[int, order.Place] = field(repr=False)  # ticket id -> place, waiting tickets only

    def public(self) -> dict:
        """No personal data: numbers, windows and counts only."""
        return {"office": self.office, "version": self.version, "at": self.at.isoformat(), "calling": self.calling,
                "next": self.next, "groups": self.groups}


_cache: dict[str, OfficeState] = {}
_locks: dict[str, threading.Lock] = {}


def office_state(office: str, version: int | None = None) -> OfficeState:
    """The office's line now. A live stream passes the version it was woken for, and gets
    the state this process already computed for that version if there is one."""
    if version is None:
        return _compute(office, board_version(office))
    with _locks.setdefault(office, threading.Lock()):  # one computation per change, not one per screen
        cached = _cache.get(office)
        if cached is not None and cached.version == version and cached.at.date() == clock.today():
            return cached
        state = _cache[office] = _compute(office, version)
    return state


def _compute(office: str, version: int) -> OfficeState:
    data = queue_data()
    now = clock.now()
    today = clock.today()
    tickets = list(Ticket.objects.filter(office_id=office, day=today, state__in=[
        Ticket.State.WAITING, Ticket.State.CALLED, Ticket.State.SERVING]))
    waiting = [as_waiting(t) for t in tickets if t.state == Ticket.State.WAITING]
    labels = {t.pk: t.label for t in tickets}
    wins = open_windows(office)
    minutes = minutes_per_procedure(data, office)
    places = order.places(waiting, wins, minutes, now, data.order)
    in_order = order.call_order(waiting, now, data.order)
    called = sorted((t for t in tickets if t.state != Ticket.State.WAITING), key=lambda t: t.called_at, reverse=True)
    calling = [{"number": t.label, "window": t.window, "state": t.state} for t in called[:CALLING_SHOWN]]
    groups = []
    for g in data.groups:
        mine = [t for t in waiting if t.procedure in g.procedures]
        wait = max((order.wait_for_new(p, waiting, wins, minutes, now, data.order).minutes for p in g.procedures), default=0)
        groups.append({
            "group": g.letter,
            "name": {"ja": g.name.ja, "en": g.name.en, "easy": g.name.easy},
            "procedures": list(g.procedures),
            "waiting": len(mine),
            "estimated_wait_minutes": wait,
            "now_calling": [t.label for t in called if t.letter == g.letter],
        })
    return OfficeState(office, version, now, calling, [labels[t.key] for t in in_order[:data.display_next]], groups, places)


def estimate_for_new(office: str, procedure: str, booked_at: datetime | None = None) -> order.Place:
    """The wait a ticket issued now would have: a walk-in's, or a booked resident's at check-in."""
    data = queue_data()
    waiting = [as_waiting(t) for t in waiting_tickets(office, clock.today())]
    return order.wait_for_new(procedure, waiting, open_windows(office), minutes_per_procedure(data, office), clock.now(),
                              data.order, booked_at=booked_at)


def ticket_state(ticket: Ticket, state: OfficeState | None = None) -> dict:
    """A ticket as its holder's phone shows it: number, state, how many ahead, the wait."""
    state = state or office_state(ticket.office_id)
    place = state.places.get(ticket.pk)
    return {
        "number": ticket.label,
        "procedure": ticket.procedure_id,
        "state": ticket.state,
        "window": ticket.window if ticket.state in (Ticket.State.CALLED, Ticket.State.SERVING) else None,
        "ahead": place.ahead if place else 0,
        "estimated_wait_minutes": place.minutes if place else 0,
        "version": state.version,
    }
