"""Finding pg_dump / pg_restore: the newest found, and a clear message when none
will do. Fake tools (shell scripts printing a version) stand in for the client
packages a machine may or may not have."""

from __future__ import annotations

import os
import stat

import pytest

from madoguchi.backup import pgtools
from madoguchi.backup.errors import BackupError


def fake_tool(folder, name: str, version: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version} (Debian {version}-1)'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """PATH and Debian's /usr/lib/postgresql/*/bin, both under tmp_path."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(pgtools, "DEBIAN_BINARIES", str(tmp_path / "lib" / "*" / "bin"))
    return tmp_path


def test_the_newest_of_path_and_debian_folders_is_taken(machine):
    fake_tool(machine / "bin", "pg_dump", "13.4")
    newest = fake_tool(machine / "lib" / "16" / "bin", "pg_dump", "16.2")
    fake_tool(machine / "lib" / "15" / "bin", "pg_dump", "15.20")
    tool = pgtools.find("pg_dump", 15)
    assert (tool.path, tool.major, tool.version) == (newest, 16, "16.2")


def test_a_tool_older_than_the_server_is_refused_with_the_package_to_install(machine):
    fake_tool(machine / "bin", "pg_dump", "13.4")
    with pytest.raises(BackupError) as e:
        pgtools.find("pg_dump", 15)
    assert e.value.exit_code == 1
    assert e.value.message("en") == (
        "pg_dump 13.4 is older than the server (PostgreSQL 15) and cannot be used: "
        "install the PostgreSQL 15 client or newer (e.g. apt install postgresql-client-15)."
    )
    assert "postgresql-client-15" in e.value.message("ja")


def test_no_tool_at_all_says_where_it_looked(machine):
    with pytest.raises(BackupError) as e:
        pgtools.find("pg_restore", 15)
    assert "PATH" in e.value.message("en") and "/usr/lib/postgresql/*/bin" in e.value.message("en")


def test_something_that_is_not_pg_dump_is_ignored(machine):
    (machine / "bin").mkdir()
    impostor = machine / "bin" / "pg_dump"
    impostor.write_text("#!/bin/sh\necho hello\n")
    impostor.chmod(0o755)
    with pytest.raises(BackupError, match="pg_tool_missing"):
        pgtools.find("pg_dump", 15)


@pytest.mark.parametrize("number, major", [(150020, 15), (90624, 9), (170000, 17)])
def test_server_major(number, major):
    assert pgtools.server_major(number) == major


def test_the_failing_line_of_a_tools_output_is_reported():
    stderr = 'pg_restore: connecting to database\npg_restore: error: could not connect: FATAL: role "x" does not exist\n'
    assert pgtools.problem(stderr) == 'pg_restore: error: could not connect: FATAL: role "x" does not exist'
    assert pgtools.problem("") == "(no message)"


@pytest.mark.skipif(not (os.path.exists("/usr/bin/pg_dump") or pgtools.candidates("pg_dump")), reason="no PostgreSQL client here")
def test_this_machines_pg_dump_is_found():
    assert pgtools.find("pg_dump", 0).major >= 10
