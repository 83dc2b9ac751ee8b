"""The counter's windows: what each calls and whether it is open. Supervisors set them;
an office starts with the windows of the city's queue.yaml."""

from __future__ import annotations

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record

from ..models import Window
from .common import changed, office_id, queue_data
from .errors import QueueError


def windows(office: str) -> list[Window]:
    """An office's windows; the first time, those of queue.yaml."""
    rows = list(Window.objects.filter(office_id=office).order_by("number"))
    if rows:
        return rows
    defaults = [w for w in queue_data().windows if w.office == office]
    now = clock.now()
    Window.objects.bulk_create(
        [Window(office_id=office, number=w.number, procedures=sorted(w.procedures), open=True, updated_at=now, updated_by="queue.yaml")
         for w in defaults],
        ignore_conflicts=True,
    )
    return list(Window.objects.filter(office_id=office).order_by("number"))


def set_window(actor: Actor, office: str, number: int, procedures: list[str] | None = None, open: bool | None = None) -> Window:
    office = office_id(office)
    known = set(queue_data().procedures())
    if procedures is not None:
        unknown = [p for p in procedures if p not in known]
        if unknown or not procedures:
            raise QueueError("unknown_procedure", field="procedures")
    if number < 1 or number > 999:
        raise QueueError("unknown_window", field="window", window=number)
    windows(office)
    with transaction.atomic():
        row, _ = Window.objects.select_for_update().get_or_create(
            office_id=office, number=number,
            defaults={"procedures": sorted(procedures or []), "open": True, "updated_at": clock.now(), "updated_by": actor.name})
        if procedures is not None:
            row.procedures = sorted(procedures)
        if open is not None:
            row.open = open
        row.updated_at = clock.now()
        row.updated_by = actor.name
        row.save()
        record(actor, "update", "queue-window", f"{office}:{number}", detail={"procedures": row.procedures, "open": row.open})
        changed(office)
    return row


def open_windows(office: str) -> dict[int, frozenset[str]]:
    return {w.number: w.serves() for w in windows(office) if w.open}


def window(office: str, number: int) -> Window:
    for w in windows(office):
        if w.number == number:
            return w
    raise QueueError("unknown_window", status=404, field="window", window=number)
