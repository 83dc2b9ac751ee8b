"""Locking out password and code guessing.

- After MADOGUCHI_LOGIN_MAX_FAILURES failures for one username from one
  address, that pair is locked for MADOGUCHI_LOGIN_LOCK_MINUTES. Per user and
  address, so that an attacker elsewhere cannot lock a clerk out of the
  counter's own terminals.
- After MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS failures from one address
  within the lock time, whatever the usernames, the address itself is locked
  as long. Otherwise one client could try name after name, each with its own
  count, and fill the audit log (every failure is an entry): a locked client
  is refused before anything is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from madoguchi.core import clock

from .models import LoginThrottle

ANY_USER = ""  # the username of an address's own row


def _lock_time() -> timedelta:
    return timedelta(minutes=settings.MADOGUCHI_LOGIN_LOCK_MINUTES)


def _key(username: str) -> str:
    return username.strip().lower()[:150] or "(empty)"


def locked_until(username: str, ip: str) -> datetime | None:
    now = clock.now()
    ends = [
        row.locked_until
        for row in LoginThrottle.objects.filter(ip=ip, username__in=[_key(username), ANY_USER])
        if row.locked_until and row.locked_until > now
    ]
    return max(ends, default=None)


def _count(username: str, ip: str, max_failures: int, *, window: timedelta | None) -> datetime | None:
    now = clock.now()
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username, ip=ip, defaults={"last_failure_at": now})
    if row.locked_until and row.locked_until <= now:
        row.failures, row.locked_until = 0, None  # the lock has run out: count afresh
    if window is not None and row.last_failure_at < now - window:
        row.failures = 0  # an address counts only recent failures (typos add up over a month)
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= max_failures and row.locked_until is None:
        row.locked_until = now + _lock_time()
    row.save()
    return row.locked_until


def record_failure(username: str, ip: str) -> datetime | None:
    """Count one failure for the pair and for the address; the end of a lock either is under, if any."""
    with transaction.atomic():
        pair = _count(_key(username), ip, settings.MADOGUCHI_LOGIN_MAX_FAILURES, window=None)
        address = _count(ANY_USER, ip, settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS, window=_lock_time())
    return max((t for t in (pair, address) if t), default=None)


def clear(username: str, ip: str) -> None:
    LoginThrottle.objects.filter(username=_key(username), ip=ip).delete()
