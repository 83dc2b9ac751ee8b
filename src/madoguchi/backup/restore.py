"""`madoguchi restore`: a backup into an EMPTY database, checked before and after.

Before: the file's SHA-256 must be the manifest's, the target the same engine,
and empty (no table at all). A restore never replaces a database in place
(ADR 0011): the operator makes a new one (`createdb`, or a new SQLite path),
restores into it, verifies, and only then points the app at it, so the old
database is there until the new one is known good.
After: the verify step (verify.py), run by the command.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from . import pgtools
from .database import Database
from .errors import BackupError
from .manifest import Manifest, manifest_path, sha256_of


def load(file: Path, manifest_file: Path | None = None) -> Manifest:
    """The backup's manifest, once the file is known to be the one it describes."""
    if not file.is_file():
        raise BackupError("backup.restore.file_missing", path=file)
    manifest = Manifest.read(manifest_file or manifest_path(file))
    if sha256_of(file) != manifest.sha256:
        raise BackupError("backup.restore.checksum", path=file)
    return manifest


def check_target(target: Database, manifest: Manifest) -> None:
    if target.engine != manifest.engine:
        raise BackupError("backup.restore.engine_mismatch", backup=_engine_name(manifest.engine), target=target.describe())
    if target.engine == "sqlite" and not target.path.parent.is_dir():
        raise BackupError("backup.restore.target_folder", path=target.path.parent)
    try:
        tables = target.table_count()
    except BackupError as e:
        raise BackupError("backup.restore.unreachable", target=target.describe(), problem=e.fmt.get("problem", e.key)) from None
    if tables:
        raise BackupError("backup.restore.not_empty", target=target.describe(), tables=tables)


def restore(file: Path, manifest: Manifest, target: Database) -> None:
    check_target(target, manifest)
    if target.engine == "sqlite":
        _sqlite(file, target.path)
    else:
        _postgresql(file, manifest, target)


def _sqlite(file: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    try:
        # immutable: the backup file is only read; no -wal or -shm is made beside it.
        with closing(sqlite3.connect(file.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)) as src, \
                closing(sqlite3.connect(partial)) as dst:  # fmt: skip
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")  # as the app runs it (settings: init_command)
        # An empty target may have left a -wal or -shm: it must not be applied to the restored file.
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _postgresql(file: Path, manifest: Manifest, target: Database) -> None:
    with target.connect_postgresql() as conn:
        server = pgtools.server_major(conn.info.server_version)
    dumped_with = re.search(r"(\d+)", manifest.tool)
    tool = pgtools.find("pg_restore", max(server, int(dumped_with.group(1)) if dumped_with else 0))
    # No owner or grants from the source: the restoring role owns what it restores,
    # which is what a scratch database for a drill, or a new database, needs.
    done = subprocess.run(
        [str(tool.path), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={target.conninfo()}", str(file)],
        env=target.tool_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise BackupError("backup.error.pg_tool_failed", 1, tool="pg_restore", code=done.returncode, problem=pgtools.problem(done.stderr))


def _engine_name(engine: str) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(engine, engine)
