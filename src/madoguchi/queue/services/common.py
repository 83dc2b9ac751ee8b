"""What the queue's services share: the city's queue data, the board's version and its
notification, the number counter, and reading the waiting tickets for the rule."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import connection

from madoguchi.core import clock
from madoguchi.rules.queue_data import QueueData, load_queue_data
from madoguchi.rules.queue_order import BOOKED, WALK_IN, Waiting
from madoguchi.core.city import municipality

from ..models import Board, Ticket
from .errors import QueueError

CHANNEL = "madoguchi_queue"  # PostgreSQL NOTIFY channel; the payload is the office id
NUMBER = re.compile(r"^\s*([A-Za-z])\s*[-‐－ー]?\s*([0-9０-９]{1,4})\s*$")


def queue_data() -> QueueData:
    return load_queue_data(settings.MADOGUCHI_CITY)


def office_id(value: str | None) -> str:
    try:
        return municipality().city.office(value or None).id
    except KeyError:
        raise QueueError("unknown_office", status=404, field="office") from None


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def take_number(office: str, day: date, letter: str) -> int:
    """The next number of the day's group: one guarded UPDATE ... RETURNING.

    PostgreSQL holds the counter row's lock to the end of the transaction, SQLite
    the database's write lock: the next issuer waits, then gets the number after.
    A transaction rolled back gives its number back, so there is never a gap."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO queue_numbercounter (office_id, day, letter, last) VALUES (%s, %s, %s, 0) ON CONFLICT DO NOTHING",
            [office, day, letter],
        )
        cur.execute(
            "UPDATE queue_numbercounter SET last = last + 1 WHERE office_id = %s AND day = %s AND letter = %s RETURNING last",
            [office, day, letter],
        )
        return cur.fetchone()[0]


def changed(office: str) -> int:
    """Raise the office's board version and tell the live screens (at commit). Call it last
    in a transaction: on PostgreSQL it holds the board row until the commit."""
    with connection.cursor() as cur:
        cur.execute("INSERT INTO queue_board (office_id, version) VALUES (%s, 0) ON CONFLICT DO NOTHING", [office])
        cur.execute("UPDATE queue_board SET version = version + 1 WHERE office_id = %s RETURNING version", [office])
        version = cur.fetchone()[0]
        if is_postgresql():
            cur.execute("SELECT pg_notify(%s, %s)", [CHANNEL, f"{office} {version}"])
    return version


def board_version(office: str) -> int:
    return Board.objects.filter(office_id=office).values_list("version", flat=True).first() or 0


def parse_number(value: str) -> tuple[str, int]:
    import unicodedata

    m = NUMBER.match(unicodedata.normalize("NFKC", value or ""))
    if not m:
        raise QueueError("bad_number", field="number")
    return m.group(1).upper(), int(m.group(2))


def find_ticket(office: str, number: str, day: date | None = None) -> Ticket:
    letter, n = parse_number(number)
    ticket = Ticket.objects.filter(office_id=office, day=day or clock.today(), letter=letter, number=n).first()
    if ticket is None:
        raise QueueError("not_found", status=404, field="number", number=f"{letter}-{n:03d}")
    return ticket


def as_waiting(ticket: Ticket) -> Waiting:
    return Waiting(
        key=ticket.pk,
        procedure=ticket.procedure_id,
        kind=BOOKED if ticket.kind == Ticket.Kind.BOOKED else WALK_IN,
        arrived=ticket.issued_at,
        booked_at=ticket.booked_at,
        window=ticket.window,
        transferred=ticket.transferred_at,
    )


WAITING_FIELDS = ("id", "procedure_id", "kind", "issued_at", "booked_at", "window", "transferred_at")


def waiting_tickets(office: str, day: date):
    """The waiting tickets, with only what the call order reads."""
    return Ticket.objects.filter(office_id=office, day=day, state=Ticket.State.WAITING).only(*WAITING_FIELDS)
