"""The health check's heartbeat (web/health.py): one row, written by every readiness check."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """A committed write is what proves the database takes writes (not read-only, not out of disk).

    One row, id 1; `at` is the last check that wrote it, on any server.
    """

    at = models.DateTimeField()

    class Meta:
        db_table = "web_heartbeat"
