"""A booking stuck behind a database lock is answered "busy" quickly, not left to time out."""

from __future__ import annotations

import sqlite3
import time

import httpx
import pytest

from ..conftest import PROCEDURE

pytestmark = pytest.mark.slow


def _hold_write_lock(database_url: str):
    """Another writer holding the lock a booking needs: the slot rows (PostgreSQL) or the database (SQLite)."""
    if database_url.startswith("sqlite:///"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        return conn
    import psycopg

    conn = psycopg.connect(database_url)
    conn.execute("SELECT id FROM booking_slot FOR UPDATE")
    return conn


def test_a_locked_database_answers_503_with_retry_after_within_the_lock_timeout(serve, served_database):
    served = serve(seats=5)
    slot = httpx.get(f"{served.url}/api/v1/slots", params={"procedure": PROCEDURE, "from": "2026-11-24", "to": "2026-11-24"}).json()[0]
    holder = _hold_write_lock(served_database)
    try:
        started = time.monotonic()
        response = httpx.post(f"{served.url}/api/v1/bookings?lang=en", timeout=30, json={
            "slot_id": slot["id"], "procedure": PROCEDURE, "name": "待機 太郎", "name_kana": "タイキ タロウ",
            "email": "wait@example.jp", "party_size": 1})
        elapsed = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "try again at about 10:01" in response.json()["message"]
    assert elapsed < 10  # BOOKING_LOCK_TIMEOUT_MS is 2 s; never the 20 s busy timeout or a client time-out
    after = httpx.get(f"{served.url}/api/v1/slots", params={"procedure": PROCEDURE, "from": "2026-11-24", "to": "2026-11-24"}).json()[0]
    assert after["remaining"] == 5  # nothing was booked
