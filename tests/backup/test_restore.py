"""What a restore refuses before it touches anything: a file that is not the
manifest's, a manifest that is missing or unreadable, another engine, a target
that has tables (ADR 0011), a target that cannot be reached."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from madoguchi.backup import restore
from madoguchi.backup.database import Database
from madoguchi.backup.errors import BackupError
from madoguchi.backup.manifest import Manifest, manifest_path, sha256_of


def manifest_for(file, **fields) -> Manifest:
    values = {"created_at": "2026-12-01T03:00:00Z", "engine": "sqlite", "file": file.name, "size": file.stat().st_size,
              "sha256": sha256_of(file), "madoguchi": "0.1.0", "tool": "sqlite3 3.40.1", "migrations": {}, "rows": {},
              "audit": {"id": 0, "hash": ""}, "encryption_keys": {}}  # fmt: skip
    made = Manifest(**{**values, **fields})
    made.write(manifest_path(file))
    return made


@pytest.fixture
def backup_file(tmp_path):
    file = tmp_path / "madoguchi-sqlite-20261201T030000Z.sqlite3"
    file.write_bytes(b"SQLite format 3\x00" + bytes(100))
    return file


def refusal(call) -> BackupError:
    with pytest.raises(BackupError) as e:
        call()
    assert e.value.exit_code == 2
    return e.value


def test_a_file_and_its_manifest_load(backup_file):
    made = manifest_for(backup_file)
    assert restore.load(backup_file) == made


def test_a_missing_file_or_manifest_is_named(backup_file, tmp_path):
    assert "does not exist" in refusal(lambda: restore.load(tmp_path / "nothing.sqlite3")).message("en")
    error = refusal(lambda: restore.load(backup_file))
    assert error.key == "backup.restore.manifest_missing" and "--manifest" in error.message("en")


def test_a_damaged_file_is_refused(backup_file):
    manifest_for(backup_file)
    backup_file.write_bytes(backup_file.read_bytes()[:-1] + b"\x01")
    error = refusal(lambda: restore.load(backup_file))
    assert "SHA-256" in error.message("en") and "SHA-256" in error.message("ja")


def test_a_manifest_from_elsewhere_is_used_when_given(backup_file, tmp_path):
    made = manifest_for(backup_file)
    elsewhere = tmp_path / "kept" / "m.json"
    elsewhere.parent.mkdir()
    manifest_path(backup_file).rename(elsewhere)
    assert restore.load(backup_file, elsewhere) == made


@pytest.mark.parametrize("text", ["not json", json.dumps({"format": 99}), json.dumps({"format": 1, "engine": "sqlite"})])
def test_an_unreadable_manifest_is_refused(backup_file, text):
    manifest_path(backup_file).write_text(text, encoding="utf-8")
    assert refusal(lambda: restore.load(backup_file)).key == "backup.restore.manifest_bad"


def test_another_engine_is_refused(backup_file, tmp_path):
    manifest = manifest_for(backup_file, engine="postgresql")
    error = refusal(lambda: restore.check_target(Database("sqlite", str(tmp_path / "new.sqlite3")), manifest))
    assert error.message("en").startswith("This backup is of PostgreSQL but the target is SQLite")


def test_an_empty_or_new_sqlite_target_is_accepted_and_a_missing_folder_named(backup_file, tmp_path):
    manifest = manifest_for(backup_file)
    restore.check_target(Database("sqlite", str(tmp_path / "new.sqlite3")), manifest)
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    restore.check_target(Database("sqlite", str(tmp_path / "empty.sqlite3")), manifest)
    error = refusal(lambda: restore.check_target(Database("sqlite", str(tmp_path / "no" / "x.sqlite3")), manifest))
    assert error.key == "backup.restore.target_folder"


@pytest.mark.django_db
def test_a_target_with_tables_is_refused_and_left_as_it_is(backup_file):
    target = Database.from_settings(settings.DATABASES["default"])  # the test database: migrated
    manifest = manifest_for(backup_file, engine=target.engine)
    error = refusal(lambda: restore.restore(backup_file, manifest, target))
    assert error.key == "backup.restore.not_empty"
    assert "restore goes into an empty database only" in error.message("en")
    assert target.table_count() > 20


def test_an_unreachable_postgresql_target_says_to_create_it(backup_file):
    manifest = manifest_for(backup_file, engine="postgresql")
    nowhere = Database("postgresql", "madoguchi_does_not_exist", "127.0.0.1", "1", "nobody", options={"connect_timeout": 2})
    error = refusal(lambda: restore.check_target(nowhere, manifest))
    assert error.key == "backup.restore.unreachable" and "createdb" in error.message("en")
    assert "nobody@127.0.0.1:1/madoguchi_does_not_exist" in error.message("en")


def test_a_password_is_never_in_a_description_or_a_command_line():
    db = Database.from_url("postgres://madoguchi:s3cret-pw@db.example.internal:5433/madoguchi?sslmode=require")
    assert "s3cret-pw" not in db.describe() + db.conninfo() + repr(db)
    assert "sslmode=require" in db.conninfo() and db.tool_env()["PGPASSWORD"] == "s3cret-pw"

