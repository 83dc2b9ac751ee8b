"""At the day's end, every ticket not served is closed with its reason, the mail
addresses given on tickets are erased, and the day's waits per procedure and hour
are kept (DayWait) for the forecast."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record

from ..models import Ticket
from .common import changed
from .figures import keep_waits

OPEN_STATES = (Ticket.State.WAITING, Ticket.State.CALLED, Ticket.State.SERVING)
REASON = "day_end"


def close_day(actor: Actor, day: date | None = None) -> dict[str, int]:
    """Close the open tickets of `day` (default today) and of any earlier day left open.
    Returns the count closed per office. Safe to run again: it finds nothing the second time."""
    day = day or clock.today()
    closed: dict[str, int] = {}
    with transaction.atomic():
        rows = list(Ticket.objects.select_for_update().filter(day__lte=day, state__in=OPEN_STATES).order_by("id"))
        now = clock.now()
        for t in rows:
            t.close_reason = REASON if t.state == Ticket.State.WAITING else f"{REASON}:{t.state}"
            t.state = Ticket.State.CLOSED
            t.done_at = now
            closed[t.office_id] = closed.get(t.office_id, 0) + 1
        Ticket.objects.bulk_update(rows, ["state", "close_reason", "done_at"])
        # The mail addresses were for today's "your turn is near" only: erased, audited.
        erased = list(Ticket.objects.filter(day__lte=day).exclude(email="").values_list("pk", flat=True))
        Ticket.objects.filter(pk__in=erased).update(email="")
        days = sorted({t.day for t in rows} | {day})
        kept = keep_waits(days)
        record(actor, "close-day", "queue-day", day.isoformat(),
               reason="the day's end: unserved tickets closed, mail addresses erased",
               detail={"closed": closed, "tickets": [t.pk for t in rows], "emails_erased": erased, "waits_kept": kept})
        for office in closed:
            changed(office)
    return closed
