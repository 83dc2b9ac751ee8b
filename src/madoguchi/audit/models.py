"""The audit log: who read or wrote which personal data, when and why.

Entries are append-only (the model refuses updates and deletes, and database
triggers refuse them too) and hash-chained: each entry's hash covers the
previous entry's hash, so an edited or removed entry breaks the chain, which
`madoguchi manage verify_audit` reports. An entry never holds a My Number.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=150, db_index=True)  # staff username, "public", "system"
    actor_role = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=60, db_index=True)  # e.g. read, create, update, reveal-my-number
    subject_type = models.CharField(max_length=40)  # resident, card, booking ...
    subject_id = models.CharField(max_length=64)
    resident_id = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def payload(self) -> bytes:
        body = {
            "prev": self.prev_hash,
            "at": self.at.astimezone(UTC).isoformat(),  # stored and read back in UTC
            "actor": self.actor,
            "role": self.actor_role,
            "action": self.action,
            "subject": [self.subject_type, self.subject_id],
            "resident": self.resident_id,
            "reason": self.reason,
            "detail": self.detail,
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never deleted")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.subject_type}:{self.subject_id}"
