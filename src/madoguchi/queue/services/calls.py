"""A clerk at a window: call the next ticket, call it again, start, not here, done, transfer.

Two clerks pressing "call next" at once never get the same ticket. PostgreSQL:
the candidate is locked with SELECT ... FOR UPDATE SKIP LOCKED, so the second
clerk passes over a ticket the first is taking and gets the one after.
SQLite (one writer at a time): the guarded UPDATE the booking seats use,
`UPDATE ... SET state = 'called' WHERE id = ? AND state = 'waiting'`; no row
changed means someone else took it, and the next one is tried.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.rules import queue_order as order

from ..models import Ticket
from .common import as_waiting, changed, is_postgresql, office_id, queue_data, waiting_tickets
from .near import after_commit
from .windows import window
from .errors import QueueError

ACTIVE = (Ticket.State.CALLED, Ticket.State.SERVING)


def _detail(ticket: Ticket, **more) -> dict:
    return {"number": ticket.label, "procedure": ticket.procedure_id, "window": ticket.window, "state": ticket.state, **more}


def _take(pk: int, window_number: int) -> Ticket | None:
    now = clock.now()
    if is_postgresql():
        ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=pk, state=Ticket.State.WAITING).first()
        if ticket is None:
            return None
        ticket.state, ticket.window, ticket.called_at, ticket.calls = Ticket.State.CALLED, window_number, now, ticket.calls + 1
        ticket.save(update_fields=["state", "window", "called_at", "calls"])
        return ticket
    taken = Ticket.objects.filter(pk=pk, state=Ticket.State.WAITING).update(
        state=Ticket.State.CALLED, window=window_number, called_at=now, calls=F("calls") + 1)
    return Ticket.objects.get(pk=pk) if taken else None


def call_next(actor: Actor, office: str | None, window_number: int) -> Ticket:
    """The next ticket this window may call, by the call order (rules/queue_order.py)."""
    office = office_id(office)
    w = window(office, window_number)
    if not w.open:
        raise QueueError("window_closed", status=409, field="window", window=window_number)
    data = queue_data()
    with transaction.atomic():
        mine = waiting_tickets(office, clock.today()).filter(Q(procedure_id__in=w.procedures) | Q(window=w.number))
        candidates = order.next_for_window(w.number, w.serves(), [as_waiting(t) for t in mine], clock.now(), data.order)
        for candidate in candidates:
            ticket = _take(candidate.key, w.number)
            if ticket is not None:
                record(actor, "call", "queue-ticket", ticket.pk, detail=_detail(ticket, late=order.is_late(candidate, data.order)))
                changed(office)
                after_commit(office)
                return ticket
    raise QueueError("nothing_waiting", status=409, window=window_number)


def _act(actor: Actor, ticket: Ticket, action: str, allowed: tuple[str, ...], change) -> Ticket:
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.state not in allowed:
            raise QueueError("wrong_state", status=409, number=ticket.label, state=_state_text(ticket.state))
        before = ticket.state
        change(ticket)
        ticket.save()
        record(actor, action, "queue-ticket", ticket.pk, detail=_detail(ticket, before=before))
        changed(ticket.office_id)
        after_commit(ticket.office_id)
    return ticket


def _state_text(state: str):
    from madoguchi.web.messages import messages

    return messages()[f"queue.state.{state}"]


def recall(actor: Actor, ticket: Ticket) -> Ticket:
    """Call the same number again (the resident did not come up yet)."""
    def change(t: Ticket) -> None:
        t.calls += 1
        t.called_at = clock.now()

    return _act(actor, ticket, "recall", ACTIVE, change)


def start(actor: Actor, ticket: Ticket) -> Ticket:
    """The resident is at the window: the case's time starts."""
    def change(t: Ticket) -> None:
        t.state = Ticket.State.SERVING
        t.served_at = clock.now()

    return _act(actor, ticket, "start", (Ticket.State.CALLED,), change)


def skip(actor: Actor, ticket: Ticket) -> Ticket:
    """Called and not here."""
    def change(t: Ticket) -> None:
        t.state = Ticket.State.SKIPPED
        t.done_at = clock.now()

    return _act(actor, ticket, "skip", ACTIVE, change)


def done(actor: Actor, ticket: Ticket) -> Ticket:
    """The procedure is done: the case's time ends (it started at "start", or at the call)."""
    def change(t: Ticket) -> None:
        now = clock.now()
        t.served_at = t.served_at or t.called_at or now
        t.state = Ticket.State.DONE
        t.done_at = now

    return _act(actor, ticket, "done", ACTIVE, change)


def transfer(actor: Actor, ticket: Ticket, *, to_window: int | None = None, to_procedure: str | None = None) -> Ticket:
    """Send a ticket back to the line: to one window (it is that window's next), or to
    another procedure (its windows call it in its place by arrival). The number stays."""
    if (to_window is None) == (to_procedure is None):
        raise QueueError("transfer_target", field="window")
    if to_window is not None:
        window(ticket.office_id, to_window)
    if to_procedure is not None and queue_data().group_of(to_procedure) is None:
        raise QueueError("unknown_procedure", field="procedure")

    def change(t: Ticket) -> None:
        if (to_window is not None and t.window == to_window and t.state == Ticket.State.WAITING) or to_procedure == t.procedure_id:
            raise QueueError("same_place", status=409, field="window" if to_window else "procedure")
        t.state = Ticket.State.WAITING
        t.transferred_at = clock.now()
        if to_window is not None:
            t.window = to_window
        else:
            t.procedure_id = to_procedure
            t.window = None
        t.called_at = None

    return _act(actor, ticket, "transfer", (Ticket.State.WAITING, *ACTIVE), change)
