"""Writing and checking the audit log. Every read or write of personal data calls `record`."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from madoguchi.core import clock

from .models import AuditEntry

GENESIS = "0" * 64
# Any fixed number: the PostgreSQL advisory lock that serialises appends, so
# that two writers never chain onto the same previous entry.
_CHAIN_LOCK = 0x6D61646F  # "mado"


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff user (name and role), the public site, or the system."""

    name: str
    role: str = ""

    @classmethod
    def public(cls) -> Actor:
        return cls("public", "resident")

    @classmethod
    def system(cls) -> Actor:
        return cls("system", "batch")


def _append_sqlite(entry: AuditEntry) -> None:
    # Transactions start IMMEDIATE (settings), so this writer already holds
    # the database's write lock: nobody can append between the read and the insert.
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    entry.prev_hash = last or GENESIS
    entry.hash = entry.compute_hash()
    entry.save()


def _append_postgresql(entry: AuditEntry) -> None:
    """Lock, read the last hash, hash and insert: one round trip (audit migration 0003).

    The canonical text is AuditEntry.payload() with a one-off placeholder for
    the previous hash, split around it; the database puts the real hash in
    the gap, so the stored hash is exactly what compute_hash() gives.
    """
    placeholder = secrets.token_hex(32)
    entry.prev_hash = placeholder
    head, *rest = entry.payload().decode().split(placeholder)
    if len(rest) != 1:
        raise RuntimeError("the audit placeholder appeared twice in one entry")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT entry_id, entry_prev, entry_hash FROM audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)",
            [_CHAIN_LOCK, head, rest[0], entry.at, entry.actor, entry.actor_role, entry.action, entry.subject_type,
             entry.subject_id, entry.resident_id, entry.reason, json.dumps(entry.detail, ensure_ascii=False)],
        )
        entry.pk, entry.prev_hash, entry.hash = cur.fetchone()
    entry._state.adding = False
    entry._state.db = connection.alias


def record(
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: str | int,
    *,
    resident_id: str | int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records.

    No savepoint of its own: if the entry cannot be written, the change it
    records must not commit either (and a savepoint costs two round trips on
    every audited write).
    """
    with transaction.atomic(savepoint=False):
        entry = AuditEntry(
            at=clock.now(),
            actor=actor.name,
            actor_role=actor.role,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id),
            resident_id="" if resident_id is None else str(resident_id),
            reason=reason,
            detail=detail or {},
        )
        if connection.vendor == "postgresql":
            _append_postgresql(entry)
        else:
            _append_sqlite(entry)
        return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None
    problem: str


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the whole log: each entry's hash must match its content and its predecessor."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return ChainReport(True, checked, None, "")
        for entry in rows:
            if entry.prev_hash != prev:
                return ChainReport(False, checked, entry.id, "the link to the previous entry is broken (an entry was removed or inserted)")
            if entry.compute_hash() != entry.hash:
                return ChainReport(False, checked, entry.id, "the entry's content does not match its hash (it was changed)")
            prev = entry.hash
            checked += 1
            last_id = entry.id
