"""Saying "busy, come back at HH:MM" at once instead of timing out.

Each process lets BOOKING_CONCURRENT_WRITES booking writes run at a time; a
request finding every place taken is refused without waiting (non-blocking
acquire). A write that waits too long for a database lock (PostgreSQL
lock_timeout, SQLite busy timeout) is refused the same way. Either way the
resident gets 503 with Retry-After and the clock time to try again, and
nothing was written. docs/booking.md, "Overload".
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection

from madoguchi import clock
from madoguchi.rules.text import Text

from .services.errors import BookingError

MESSAGES = {
    "busy": Text(
        "ただいま予約が集中しています。{at}ごろにもう一度お試しください。入力した内容はまだ登録されていません。",
        "Bookings are very busy right now. Please try again at about {at}. Nothing has been booked yet.",
        "いま よやくが とても こんで います。{at}ごろに もういちど して ください。まだ よやく されて いません。",
    ),
}

_gate: threading.BoundedSemaphore | None = None
_requests: threading.BoundedSemaphore | None = None
_gate_lock = threading.Lock()


def _semaphore() -> threading.BoundedSemaphore:
    global _gate
    with _gate_lock:
        if _gate is None:
            _gate = threading.BoundedSemaphore(max(1, settings.BOOKING_CONCURRENT_WRITES))
        return _gate


def busy_error() -> BookingError:
    seconds = settings.BOOKING_RETRY_AFTER_SECONDS
    at = (clock.now() + timedelta(seconds=seconds)).astimezone(clock.TOKYO)
    # Round up to the next minute so "try at 10:31" is never already past.
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return BookingError("busy", MESSAGES["busy"].format(at=at.strftime("%H:%M")), status=503, retry_after=seconds)


def _is_lock_timeout(error: OperationalError) -> bool:
    text = str(error).lower()
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    # 55P03 lock_not_available (lock_timeout); 57014 query_canceled
    return "locked" in text or "lock timeout" in text or sqlstate in ("55P03", "57014")


@contextlib.contextmanager
def write_gate() -> Iterator[None]:
    """Run one booking write, or raise BookingError("busy") without waiting."""
    gate = _semaphore()
    if not gate.acquire(blocking=False):
        raise busy_error()
    try:
        if connection.vendor == "sqlite":
            # The connection's own busy timeout (20 s) suits batch jobs; a
            # resident waits at most the lock timeout, then hears "busy".
            connection.ensure_connection()
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA busy_timeout = {int(settings.BOOKING_LOCK_TIMEOUT_MS)}")
        yield
    except OperationalError as e:
        if _is_lock_timeout(e):
            raise busy_error() from e
        raise
    finally:
        gate.release()


def _request_semaphore() -> threading.BoundedSemaphore:
    global _requests
    with _gate_lock:
        if _requests is None:
            _requests = threading.BoundedSemaphore(max(1, settings.BOOKING_CONCURRENT_REQUESTS))
        return _requests


@contextlib.contextmanager
def request_place() -> Iterator[bool]:
    """For the WSGI gate: a place for one booking request in this process, without
    waiting; yields False when every place is taken (the process is saturated)."""
    places = _request_semaphore()
    if not places.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        places.release()


def set_lock_timeout() -> None:
    """On PostgreSQL: a booking waits for row and advisory locks only so long.

    Set once per connection (connections persist, CONN_MAX_AGE), not per
    transaction: a round trip saved on every booking.
    """
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    wanted = int(settings.BOOKING_LOCK_TIMEOUT_MS)
    if getattr(raw, "_madoguchi_lock_timeout", None) != wanted:
        with connection.cursor() as cur:
            cur.execute(f"SET lock_timeout = {wanted}")
        raw._madoguchi_lock_timeout = wanted
