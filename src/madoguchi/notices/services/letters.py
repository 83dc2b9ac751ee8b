"""Printed letters: an A4 PDF (one page a letter) and the print contractor's CSV."""

from __future__ import annotations

from collections.abc import Sequence

import segno
from django.db import transaction
from django.template.loader import render_to_string

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.csv_export import csv_text
from madoguchi.core.city import municipality

from ..models import Notice
from .content import content_of, format_date

CSV_COLUMNS = ["notice_id", "kind", "due_on", "deadline", "name", "postal_address", "subject", "booking_url"]


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3)


def render_letters_pdf(notices: Sequence[Notice]) -> bytes:
    from weasyprint import HTML  # imported here: Pango loads only when letters are printed

    m = municipality()
    letters = []
    today = clock.today()
    for n in notices:
        c = content_of(n)
        letters.append({"notice": n, "content": c, "qr": qr_svg(c.booking_url) if c.booking_url else None,
                        "sent_on": format_date(today, c.lang, letter=True)})
    html = render_to_string("notices/letters.html", {"letters": letters, "city": m.city})
    return HTML(string=html).write_pdf()


def contractor_csv(notices: Sequence[Notice]) -> str:
    """The print contractor's CSV; formula-like cells neutralised (core/csv_export.py)."""
    rows = []
    for n in notices:
        c = content_of(n)
        rows.append([n.id, n.kind, n.due_on.isoformat(), n.deadline.isoformat(), n.name, n.postal_address, c.subject, c.booking_url or ""])
    return csv_text(CSV_COLUMNS, rows)


def mark_printed(notices: Sequence[Notice], actor: Actor) -> int:
    """Letters handed to the print contractor: pending → printed (a reprint leaves the state)."""
    ids = [n.id for n in notices if n.state == Notice.State.PENDING]
    with transaction.atomic():
        done = Notice.objects.filter(id__in=ids, state=Notice.State.PENDING).update(
            state=Notice.State.PRINTED, done_at=clock.now()
        )
        record(actor, "print", "notice-letters", ",".join(map(str, ids[:50])), detail={"count": done})
    return done


def mark_undeliverable(notice: Notice, actor: Actor) -> None:
    with transaction.atomic():
        Notice.objects.filter(id=notice.id).update(state=Notice.State.UNDELIVERABLE)
        record(actor, "update", "notice", notice.id, resident_id=notice.resident_ref, reason="returned undeliverable")
