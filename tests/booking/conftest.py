"""Shared set-up for the booking tests: a pinned clock and slots on open days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.visitor import Visitor

# Friday 20 November 2026, 10:00 in Koganei. The 21st is a Saturday (closed),
# the 22nd the maintenance Sunday, the 23rd 勤労感謝の日; the 24th is open.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=clock.TOKYO)
OPEN_DAY = date(2026, 11, 24)
PROCEDURE = "card-info-change"
CLERK = Actor("clerk1", "clerk")


@pytest.fixture(autouse=True)
def pinned_now():
    with clock.pinned(NOW):
        yield


@pytest.fixture
def slot(db) -> Slot:
    slot_services.open_slots(PROCEDURE, OPEN_DAY, OPEN_DAY)
    return Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).order_by("start").first()


def make_visitor(n: int = 1, party: int = 1) -> Visitor:
    return Visitor(f"小金井 太郎{n}", "コガネイ タロウ", f"taro{n}@example.jp", "", party)


# --- a running `madoguchi serve`, on the database engine the suite runs on ---
@pytest.fixture
def served_database(tmp_path):
    """A fresh database URL for a server subprocess: SQLite file or temporary PostgreSQL."""
    from .served import fresh_database

    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def serve(served_database, tmp_path):
    """Start `madoguchi serve` (two workers) with 24-25 November's slots of `seats` seats."""
    from .served import Served, server_env

    servers = []

    def start(seats: int) -> Served:
        server = Served(server_env(served_database, tmp_path))
        server.manage(
            ["open_slots", "--procedure", PROCEDURE, "--from", "2026-11-24", "--to", "2026-11-25", "--seats", str(seats)],
        )
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()
