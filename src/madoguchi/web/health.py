"""Health for the city's load balancer and monitoring: readiness and liveness.

- `/healthz/live`: the process answers (no database, no disk). A supervisor
  restarts a server that fails it.
- `/healthz` (also `/healthz/ready`): the server can do its work. It commits
  a write to the database (the one heartbeat row: a read-only database, a
  failed-over standby or a full disk refuses it; the wait is bounded like
  every other) and checks that the data directory, and an SQLite database's
  folder, has at least MADOGUCHI_HEALTH_MIN_FREE_MB free. 503 when either
  fails, so the load balancer sends traffic elsewhere.

The answer names only the kind of failure, never a connection string. It
reads no personal data, so it writes no audit entry, and it is never cached.
All three are exempt from the HTTPS redirect (settings/production.py).
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .models import Heartbeat

log = logging.getLogger(__name__)
MB = 1024 * 1024


def _database() -> str | None:
    """None if a write committed; else the error's kind."""
    try:
        # Real time, not madoguchi.core.clock (a pinned demo clock would never change the row).
        now = datetime.now(UTC)
        if not Heartbeat.objects.filter(pk=1).update(at=now):
            try:
                with transaction.atomic():
                    Heartbeat.objects.create(pk=1, at=now)
            except IntegrityError:
                pass  # another check made the row at the same moment: the database took that write
    except DatabaseError as e:
        log.warning("health check: the database did not take a write: %s", type(e).__name__)
        return type(e).__name__
    return None


def _folders() -> list[Path]:
    folders = [Path(settings.DATA_DIR)]
    if connection.vendor == "sqlite":
        folders.append(Path(connection.settings_dict["NAME"]).parent)
    return folders


def free_mb() -> int | None:
    """The least free space among the folders the server writes to; None if one is missing."""
    try:
        return min(shutil.disk_usage(folder).free for folder in _folders()) // MB
    except FileNotFoundError:
        return None


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    database = _database()
    free = free_mb()
    least = settings.MADOGUCHI_HEALTH_MIN_FREE_MB
    disk = "missing" if free is None else "low" if free < least else "ok"
    if disk != "ok":
        log.warning("health check: the data directory's disk is %s (%s MB free, %s MB needed)", disk, free, least)
    ok = database is None and disk == "ok"
    body = {"status": "ok" if ok else "unavailable", "database": database or connection.vendor, "disk": disk,
            "free_mb": free, "min_free_mb": least}
    return JsonResponse(body, status=200 if ok else 503)
