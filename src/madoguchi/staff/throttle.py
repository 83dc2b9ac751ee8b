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

An attempt is counted *before* its password or code is checked, in the same
locked transaction that checks the lock (`begin_attempt`), and handed back when
it turns out right (`attempt_succeeded`). Checking first and counting after the
check let parallel attempts all pass the check before any was counted, as many
guesses as a client could send at once; now no more than the limit get through.
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


def _locked_row(username: str, ip: str, max_failures: int, window: timedelta | None, now: datetime) -> LoginThrottle:
    """The row, locked until the transaction ends, with a run-out lock and (for an address) old failures forgotten."""
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username, ip=ip, defaults={"last_failure_at": now})
    if row.locked_until and row.locked_until <= now:
        row.failures, row.locked_until = 0, None  # the lock has run out: count afresh
    if window is not None and row.last_failure_at < now - window:
        row.failures = 0  # an address counts only recent failures (typos add up over a month)
    return row


def begin_attempt(username: str, ip: str) -> datetime | None:
    """Check and count one attempt at once, before its password or code is checked: the end
    of the lock the pair or the address is under (nothing counted), or None, the attempt
    counted as a failure until `attempt_succeeded` hands it back. The pair's row is locked
    before the address's, in every caller, so two attempts never wait on each other in a circle."""
    now = clock.now()
    with transaction.atomic():
        rows = [
            (_locked_row(_key(username), ip, settings.MADOGUCHI_LOGIN_MAX_FAILURES, None, now), settings.MADOGUCHI_LOGIN_MAX_FAILURES),
            (_locked_row(ANY_USER, ip, settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS, _lock_time(), now),
             settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS),
        ]  # fmt: skip
        ends = [row.locked_until for row, _ in rows if row.locked_until]
        if ends:
            return max(ends)
        for row, max_failures in rows:
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= max_failures:
                row.locked_until = now + _lock_time()  # this attempt is the last one let through
            row.save()
    return None


def attempt_succeeded(username: str, ip: str) -> None:
    """Hand back the attempt `begin_attempt` counted: it was right. A lock that attempt set is lifted."""
    now = clock.now()
    with transaction.atomic():
        for key, max_failures, window in ((_key(username), settings.MADOGUCHI_LOGIN_MAX_FAILURES, None),
                                          (ANY_USER, settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS, _lock_time())):  # fmt: skip
            row = _locked_row(key, ip, max_failures, window, now)
            row.failures = max(row.failures - 1, 0)
            if row.failures < max_failures:
                row.locked_until = None  # a lock is set only on reaching the limit: this attempt's
            row.save()


def clear(username: str, ip: str) -> None:
    LoginThrottle.objects.filter(username=_key(username), ip=ip).delete()
