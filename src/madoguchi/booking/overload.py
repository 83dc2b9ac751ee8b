"""Saying "busy, come back at HH:MM" at once instead of timing out.

Each process lets BOOKING_CONCURRENT_WRITES booking writes run at a time; a
request finding every place taken is refused without waiting (non-blocking
acquire). A write that waits too long for a database lock (every
connection's bound: MADOGUCHI_DB_LOCK_TIMEOUT_MS, settings/base.py) is
refused the same way, in the bookings' own words. Either way the
resident gets 503 with Retry-After and the clock time to try again, and
nothing was written. docs/booking.md, "Overload".
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError

from madoguchi.core.messages import section
from madoguchi.core.problems import is_overload, retry_at

from .services.errors import BookingError

MESSAGES = section("booking.overload")  # texts in booking/messages.yaml

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
    return BookingError("busy", MESSAGES["busy"].format(at=retry_at(seconds)), status=503, retry_after=seconds)


@contextlib.contextmanager
def write_gate() -> Iterator[None]:
    """Run one booking write, or raise BookingError("busy") without waiting."""
    gate = _semaphore()
    if not gate.acquire(blocking=False):
        raise busy_error()
    try:
        yield
    except DatabaseError as e:
        if is_overload(e):
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

