"""The verify step on the test database: what passes, and each thing that fails it.

The manifest is made from the database as it is (the same `facts.gather` the
backup reads its snapshot with), so a database that is its own restore passes;
then one thing at a time is made wrong: an encryption key, the index key, an
audit row changed or removed, a row added, a migration.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import replace

import pytest
from django.db import connection
from django.test import override_settings

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor, record
from madoguchi.backup import facts
from madoguchi.backup.manifest import Manifest
from madoguchi.backup.verify import REASON, sample_ids, verify
from madoguchi.counter.models import Resident
from madoguchi.staff.crypto import keyring
from madoguchi.web.messages import message
from tests.counter.conftest import make_resident

from .workload import my_number

pytestmark = pytest.mark.django_db


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def keys():
    enc, idx = new_key(), new_key()
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=enc, MADOGUCHI_INDEX_KEY=idx, MADOGUCHI_ENCRYPTION_OLD_KEYS=""):
        keyring.cache_clear()
        yield enc, idx
    keyring.cache_clear()


def with_keys(**settings):
    """Run the verify with other keys (the stored values stay as they are)."""
    keyring.cache_clear()
    return override_settings(**settings)


@pytest.fixture
def residents(keys):
    made = [make_resident(register_id=f"V{n:04d}", household=f"V{n:04d}", my_number=my_number(n)) for n in range(12)]
    for r in made:
        record(Actor("tanaka", "clerk"), "create", "resident", r.pk, resident_id=r.pk, reason="test")
    return made


def manifest_now() -> Manifest:
    with connection.cursor() as cursor:
        gathered = facts.gather(facts.cursor_query(cursor))
    return Manifest(created_at="2026-12-01T00:00:00Z", engine=connection.vendor, file="x", size=0,
                    sha256="", madoguchi="test", tool="test", **gathered)  # fmt: skip


def said(report) -> str:
    return "\n".join(message(c.key, "en", **c.fmt) for c in report.checks)


def failed_keys(report) -> set[str]:
    return {c.key for c in report.failed}


def test_a_database_that_is_its_backup_passes_and_the_read_is_audited(residents):
    manifest = manifest_now()
    report = verify(manifest, sample=100)
    assert report.ok, said(report)
    assert "all 12 sampled decrypted" in said(report)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.actor, entry.actor_role, entry.action, entry.subject_type) == ("system", "batch", "read", "my-number-sample")
    assert entry.reason == REASON and sorted(entry.detail["residents"]) == sorted(r.pk for r in residents)
    assert entry.detail["decrypted"] == entry.detail["index_matched"] == 12
    # Verifying again still passes: its own audit entries come after the backup's last one.
    assert verify(manifest).ok


def test_a_wrong_encryption_key_fails_loudly_naming_the_setting_and_never_a_number(residents):
    manifest = manifest_now()
    with with_keys(MADOGUCHI_ENCRYPTION_KEY=new_key()):
        report = verify(manifest)
    keyring.cache_clear()
    assert not report.ok
    assert {"backup.verify.key_missing", "backup.verify.numbers_undecryptable"} <= failed_keys(report)
    text = said(report)
    assert "MADOGUCHI_ENCRYPTION_KEY" in text and "12 of 12 sampled do not decrypt" in text
    assert not re.search(r"\d{12}", text)
    assert AuditEntry.objects.order_by("-id").first().detail["decrypted"] == 0


def test_an_old_key_kept_in_the_old_keys_setting_still_opens_the_backup(residents, keys):
    enc, _ = keys
    manifest = manifest_now()
    with with_keys(MADOGUCHI_ENCRYPTION_KEY=new_key(), MADOGUCHI_ENCRYPTION_OLD_KEYS=enc):
        report = verify(manifest)
    keyring.cache_clear()
    assert report.ok, said(report)


def test_a_wrong_index_key_fails_naming_the_index_key(residents):
    manifest = manifest_now()
    with with_keys(MADOGUCHI_INDEX_KEY=new_key()):
        report = verify(manifest)
    keyring.cache_clear()
    assert failed_keys(report) == {"backup.verify.numbers_index"}
    assert "MADOGUCHI_INDEX_KEY" in said(report) and not re.search(r"\d{12}", said(report))


def _tamper(sql: str) -> None:
    # The suite's database has the audit log's purge switch on (tests/conftest.py),
    # so the append-only triggers let this through, as an attacker with the database might.
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_a_changed_audit_row_fails_naming_the_entry(residents):
    manifest = manifest_now()
    victim = AuditEntry.objects.order_by("id")[5]
    _tamper(f"UPDATE audit_auditentry SET reason = 'nothing happened' WHERE id = {victim.pk}")
    report = verify(manifest)
    assert "backup.verify.chain_broken" in failed_keys(report)
    assert f"breaks at entry {victim.pk}" in said(report) and "was changed" in said(report)
    assert "backup.verify.tip_missing" not in failed_keys(report)  # the last entry is intact


def test_a_removed_audit_row_and_a_missing_last_entry_fail(residents):
    manifest = manifest_now()
    last = AuditEntry.objects.order_by("-id").first()
    _tamper(f"DELETE FROM audit_auditentry WHERE id = {last.pk}")
    report = verify(manifest)
    assert {"backup.verify.tip_missing", "backup.verify.rows_differ"} <= failed_keys(report)
    middle = AuditEntry.objects.order_by("id")[3]
    _tamper(f"DELETE FROM audit_auditentry WHERE id = {middle.pk}")
    assert "removed or inserted" in said(verify(manifest))


def test_rows_that_differ_from_the_manifest_are_named(residents):
    manifest = manifest_now()
    make_resident(register_id="EXTRA", household="EXTRA", my_number="")
    report = verify(manifest)
    assert failed_keys(report) == {"backup.verify.rows_differ"}
    assert "counter.resident (12 → 13)" in said(report)


def test_migrations_that_differ_from_the_manifest_are_named(residents):
    manifest = manifest_now()
    other = replace(manifest, migrations={**manifest.migrations, "counter": "9999_from_a_newer_version"})
    report = verify(other)
    assert failed_keys(report) == {"backup.verify.migrations_differ"}
    assert "counter (9999_from_a_newer_version →" in said(report)


def test_without_a_manifest_the_chain_keys_and_numbers_are_still_checked(residents):
    report = verify(None)
    assert report.ok and {c.key for c in report.checks} >= {"backup.verify.no_manifest", "backup.verify.chain_ok", "backup.verify.numbers_ok"}


def test_no_numbers_no_keys_is_not_a_failure(keys):
    report = verify(manifest_now())
    assert report.ok and {"backup.verify.numbers_none", "backup.verify.keys_none"} <= {c.key for c in report.checks}
    assert not AuditEntry.objects.filter(subject_type="my-number-sample").exists()  # nothing was read


def test_the_sample_is_spread_over_the_table(keys):
    made = [make_resident(register_id=f"S{n:04d}", household=f"S{n:04d}", my_number=my_number(n)) for n in range(30)]
    verify(None, sample=5)
    ids = AuditEntry.objects.get(subject_type="my-number-sample").detail["residents"]
    assert len(ids) == 5 and ids[0] == made[0].pk and ids[-1] == made[-1].pk
    assert Resident.objects.count() == 30


@pytest.mark.parametrize(
    "low, high, sample, expected",
    [(1, 100, 5, [1, 25, 50, 75, 100]), (10, 10, 100, [10]), (1, 3, 100, [1, 2, 3]), (5, 50, 1, [5])],
)
def test_sample_points(low, high, sample, expected):
    assert sample_ids(low, high, sample) == expected
