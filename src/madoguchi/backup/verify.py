"""The verify step: is this database a sound, readable copy of the backup?

Run on the database Django is configured with (after `madoguchi restore`, or
by `madoguchi verify-backup` on a restored database):

1. the audit log's hash chain, end to end (audit.services.verify_chain);
2. with a manifest: the backup's last audit entry is there with its hash; the
   row count of every table is the manifest's (audit entries up to that last
   one: a verify run adds its own); the migrations are the manifest's;
3. every key id an encrypted value names is configured (no decrypting);
4. a sample of My Numbers (up to `sample`, spread over the table by id) is
   decrypted with the configured key and matched against its blind index,
   which checks MADOGUCHI_ENCRYPTION_KEY and MADOGUCHI_INDEX_KEY both. The
   numbers are never shown or kept; the read is audited as the system's, with
   its reason, like every other read of a My Number.

Each check gives a message key of backup/messages.yaml; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from madoguchi.audit.services import Actor, record, verify_chain
from madoguchi.counter.models import Resident
from madoguchi.staff import crypto
from madoguchi.staff.my_number import INDEX_PURPOSE

from . import facts
from .manifest import Manifest, sha256_of

DEFAULT_SAMPLE = 100
AUDIT_LABEL = "audit.auditentry"
REASON = "backup verification: a sample of My Numbers decrypted with the configured keys and matched to their index; none shown or kept"


@dataclass(frozen=True)
class Check:
    ok: bool
    key: str
    fmt: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def add(self, ok: bool, key: str, /, **fmt: Any) -> None:
        self.checks.append(Check(ok, key, fmt))


def verify(manifest: Manifest | None = None, *, backup_file: Path | None = None, sample: int = DEFAULT_SAMPLE) -> Report:
    report = Report()
    if manifest is not None and backup_file is not None and backup_file.is_file():
        same = sha256_of(backup_file) == manifest.sha256
        report.add(same, "backup.verify.checksum_ok" if same else "backup.restore.checksum", path=backup_file)
    _chain(report)
    with connection.cursor() as cursor:
        query = facts.cursor_query(cursor)
        if manifest is None:
            report.add(True, "backup.verify.no_manifest")
        else:
            _against_manifest(report, manifest, query)
        _keys(report, query)
    _my_numbers(report, sample)
    return report


def _chain(report: Report) -> None:
    chain = verify_chain()
    if chain.ok:
        report.add(True, "backup.verify.chain_ok", checked=chain.checked)
    else:
        report.add(False, "backup.verify.chain_broken", entry=chain.first_bad_id, checked=chain.checked, problem=chain.problem)


def _against_manifest(report: Report, manifest: Manifest, query: facts.Query) -> None:
    tip = manifest.audit or {"id": 0, "hash": ""}
    if tip["id"]:
        rows = query(f"SELECT hash FROM {facts.quote(facts.audit_table())} WHERE id = {int(tip['id'])}")
        present = bool(rows) and rows[0][0] == tip["hash"]
        report.add(present, "backup.verify.tip_ok" if present else "backup.verify.tip_missing", entry=tip["id"])
    known = facts.tables()
    differ = []
    for label, expected in manifest.rows.items():
        if label not in known:
            differ.append(f"{label} ({expected} → ?)")
            continue
        if label == AUDIT_LABEL:
            actual = facts.audit_entries_up_to(query, tip["id"])
        else:
            actual = int(query(f"SELECT count(*) FROM {facts.quote(known[label])}")[0][0])
        if actual != expected:
            differ.append(f"{label} ({expected} → {actual})")
    if differ:
        report.add(False, "backup.verify.rows_differ", tables=", ".join(differ))
    else:
        report.add(True, "backup.verify.rows_ok", tables=len(manifest.rows))
    heads = facts.migration_heads(query)
    changed = sorted(app for app in set(heads) | set(manifest.migrations) if heads.get(app) != manifest.migrations.get(app))
    if changed:
        report.add(False, "backup.verify.migrations_differ",
                   apps=", ".join(f"{a} ({manifest.migrations.get(a, '-')} → {heads.get(a, '-')})" for a in changed))  # fmt: skip
    else:
        report.add(True, "backup.verify.migrations_ok")


def _keys(report: Report, query: facts.Query) -> None:
    configured = crypto.keyring().by_id
    used = facts.encryption_key_ids(query)
    missing = [(column, key, rows) for column, keys in used.items() for key, rows in keys.items() if key not in configured]
    for column, key, rows in missing:
        report.add(False, "backup.verify.key_missing", column=column, key_id=key, rows=rows)
    if not missing:
        ids = sorted({key for keys in used.values() for key in keys})
        report.add(True, "backup.verify.keys_ok" if ids else "backup.verify.keys_none", keys=", ".join(ids))


def sample_ids(low: int, high: int, sample: int) -> list[int]:
    """Up to `sample` points spread evenly from `low` to `high` (ids to look up from)."""
    if sample <= 1 or high <= low:
        return [low]
    return sorted({low + (high - low) * k // (sample - 1) for k in range(sample)})


def _my_numbers(report: Report, sample: int) -> None:
    table = Resident._meta.db_table
    field_ = Resident._meta.get_field("my_number")
    number, index = field_.column, Resident._meta.get_field("my_number_index").column
    # Raw SQL: the model's field would decrypt on read and stop at the first failure.
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*), min(id), max(id) FROM "{table}" WHERE "{number}" <> \'\'')
        count, low, high = cursor.fetchone()
        if not count:
            report.add(True, "backup.verify.numbers_none")
            return
        rows: dict[int, tuple[str, str]] = {}
        if count <= sample:
            cursor.execute(f'SELECT id, "{number}", "{index}" FROM "{table}" WHERE "{number}" <> \'\'')
            rows = {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
        else:
            for start in sample_ids(low, high, sample):
                cursor.execute(f'SELECT id, "{number}", "{index}" FROM "{table}" WHERE id >= %s AND "{number}" <> \'\' ORDER BY id LIMIT 1', [start])
                row = cursor.fetchone()
                if row:
                    rows[row[0]] = (row[1], row[2])
    undecryptable = unmatched = 0
    for stored, stored_index in rows.values():
        try:
            plain = crypto.decrypt(stored, purpose=field_.purpose)
        except crypto.DecryptionError:
            undecryptable += 1
            continue
        if crypto.blind_index(plain, purpose=INDEX_PURPOSE) != stored_index:
            unmatched += 1
    ids = sorted(rows)
    with transaction.atomic():
        record(Actor.system(), "read", "my-number-sample", "verify-backup", reason=REASON,
               detail={"residents": ids, "decrypted": len(ids) - undecryptable, "index_matched": len(ids) - undecryptable - unmatched,
                       "key": crypto.keyring().current.id})  # fmt: skip
    if undecryptable:
        report.add(False, "backup.verify.numbers_undecryptable", sampled=len(ids), failed=undecryptable)
    if unmatched:
        report.add(False, "backup.verify.numbers_index", sampled=len(ids), failed=unmatched)
    if not (undecryptable or unmatched):
        report.add(True, "backup.verify.numbers_ok", sampled=len(ids))
