"""The one clock. Tests, staff previews and the demo can pin it.

MADOGUCHI_NOW (an ISO date-time, e.g. 2026-11-20T10:00+09:00) pins it for a
whole process; `pinned()` pins it for a block of code.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
_pinned: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("madoguchi_now", default=None)


def now() -> datetime:
    value = _pinned.get()
    if value is not None:
        return value
    env = os.environ.get("MADOGUCHI_NOW")
    if env:
        moment = datetime.fromisoformat(env)
        return moment if moment.tzinfo else moment.replace(tzinfo=TOKYO)
    return datetime.now(TOKYO)


def today() -> date:
    return now().astimezone(TOKYO).date()


def time_of_day() -> time:
    """The time now on Tokyo's clock: is today's counter still open?"""
    return now().astimezone(TOKYO).time()


@contextlib.contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TOKYO)
    token = _pinned.set(moment)
    try:
        yield
    finally:
        _pinned.reset(token)
