"""`make_backup` on the test database (SQLite file or PostgreSQL, as the suite runs):
the file's name, its permissions, and a manifest that describes it exactly."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime

import pytest
from django.conf import settings

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor, record
from madoguchi.backup.backup import default_name, human_size, make_backup, resolve_out
from madoguchi.backup.database import Database
from madoguchi.backup.errors import BackupError
from madoguchi.backup.manifest import Manifest, manifest_path, sha256_of
from madoguchi.counter.models import Resident
from madoguchi.staff.crypto import keyring
from tests.counter.conftest import make_resident

from .workload import my_number


@pytest.mark.django_db(transaction=True)  # committed: the backup reads through its own connection
def test_a_backup_is_named_by_engine_and_utc_time_private_and_described_by_its_manifest(tmp_path):
    for n in range(3):
        resident = make_resident(register_id=f"B{n}", household=f"B{n}", my_number=my_number(n))
        record(Actor("tanaka", "clerk"), "create", "resident", resident.pk, resident_id=resident.pk)
    source = Database.from_settings(settings.DATABASES["default"])
    before = datetime.now(UTC).replace(microsecond=0)
    written = make_backup(source, tmp_path)

    engine = "postgresql" if source.engine == "postgresql" else "sqlite"
    found = re.fullmatch(rf"madoguchi-{engine}-(\d{{8}}T\d{{6}}Z)\.(pgdump|sqlite3)", written.path.name)
    assert found and datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) >= before
    assert written.manifest_path == manifest_path(written.path) == tmp_path / (written.path.name + ".manifest.json")
    for path in (written.path, written.manifest_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # names and addresses: the owner only
    assert not list(tmp_path.glob("*.partial"))

    manifest = Manifest.read(written.manifest_path)
    assert manifest == written.manifest
    assert manifest.sha256 == sha256_of(written.path) and manifest.size == written.path.stat().st_size
    assert manifest.engine == engine and manifest.keys_included is False
    assert manifest.rows["counter.resident"] == Resident.objects.count() == 3
    assert manifest.rows["audit.auditentry"] == AuditEntry.objects.count()
    assert manifest.audit == {"id": AuditEntry.objects.order_by("-id").first().pk, "hash": AuditEntry.objects.order_by("-id").first().hash}
    assert manifest.encryption_keys["counter.resident.my_number"] == {keyring().current.id: 3}
    assert manifest.migrations["audit"].startswith("0003")
    text = written.manifest_path.read_text(encoding="utf-8")
    # No My Number and no key: hex digests (the file's, the audit tip's) can hold
    # 12 digits in a row by chance, so they are taken out before looking.
    assert not re.search(r"\d{12}", re.sub(r"\b[0-9a-f]{64}\b", "", text))
    assert json.loads(text)["note"].startswith("The encryption keys are not in this backup")


def test_out_is_a_folder_or_a_file_and_never_overwrites(tmp_path):
    name = default_name("sqlite", datetime(2026, 12, 1, 12, 0, 5, tzinfo=UTC))
    assert name == "madoguchi-sqlite-20261201T120005Z.sqlite3"
    assert resolve_out(tmp_path, name) == tmp_path / name
    assert resolve_out(tmp_path / "new-folder", name) == tmp_path / "new-folder" / name  # made
    assert resolve_out(tmp_path / "nightly.pgdump", name) == tmp_path / "nightly.pgdump"
    (tmp_path / "nightly.pgdump").write_bytes(b"yesterday")
    with pytest.raises(BackupError) as e:
        resolve_out(tmp_path / "nightly.pgdump", name)
    assert "already exists" in e.value.message("en") and e.value.exit_code == 2
    with pytest.raises(BackupError) as e:
        resolve_out(tmp_path / "no" / "such" / "folder", name)
    assert e.value.key == "backup.error.out_parent" and str(tmp_path / "no" / "such") in e.value.message("en")
    assert resolve_out(tmp_path / "a" / "b", name, create=True) == tmp_path / "a" / "b" / name  # the default folder


def test_a_missing_sqlite_file_is_named(tmp_path):
    with pytest.raises(BackupError) as e:
        make_backup(Database("sqlite", str(tmp_path / "gone.sqlite3")), tmp_path)
    assert str(tmp_path / "gone.sqlite3") in e.value.message("en") and not list(tmp_path.iterdir())


@pytest.mark.parametrize("n, text", [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB"), (5 * 1024**2, "5.0 MB"), (3 * 1024**4, "3072.0 GB")])
def test_human_size(n, text):
    assert human_size(n) == text
