"""Locking out password and code guessing: after MADOGUCHI_LOGIN_MAX_FAILURES
failures for one username from one address, that pair is locked for
MADOGUCHI_LOGIN_LOCK_MINUTES. Per user and address, so that an attacker
elsewhere cannot lock a clerk out of the counter's own terminals."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from madoguchi import clock

from .models import LoginThrottle


def _limits() -> tuple[int, timedelta]:
    return settings.MADOGUCHI_LOGIN_MAX_FAILURES, timedelta(minutes=settings.MADOGUCHI_LOGIN_LOCK_MINUTES)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def locked_until(username: str, ip: str) -> datetime | None:
    row = LoginThrottle.objects.filter(username=_key(username), ip=ip).first()
    if row and row.locked_until and row.locked_until > clock.now():
        return row.locked_until
    return None


def record_failure(username: str, ip: str) -> datetime | None:
    """Count one failure; return the end of the lock if this failure starts one."""
    max_failures, lock = _limits()
    now = clock.now()
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            username=_key(username), ip=ip, defaults={"last_failure_at": now}
        )
        if row.locked_until and row.locked_until <= now:
            row.failures, row.locked_until = 0, None  # the lock has run out: count afresh
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= max_failures:
            row.locked_until = now + lock
        row.save()
        return row.locked_until


def clear(username: str, ip: str) -> None:
    LoginThrottle.objects.filter(username=_key(username), ip=ip).delete()
