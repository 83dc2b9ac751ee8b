"""`madoguchi backup`: one consistent copy of the database, taken while it serves.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot; the manifest's
figures are read in it and `pg_dump -Fc --snapshot` dumps exactly it, so the
manifest describes the dump to the row, whatever commits meanwhile.
SQLite: the online backup API (`Connection.backup`) copies every page in one
step, which is one read transaction: a consistent snapshot, while the WAL
lets the app's writers go on. The figures are then read from the copy itself.

The file is written as `<name>.partial` and renamed when complete, readable by
its owner only (it holds residents' names and addresses; the My Numbers in it
stay encrypted). The keys are never in it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from . import pgtools
from .database import Database
from .errors import BackupError
from .facts import cursor_query, gather, sqlite_query
from .manifest import Manifest, manifest_path, sha256_of

EXTENSIONS = {"postgresql": "pgdump", "sqlite": "sqlite3"}


@dataclass(frozen=True)
class Written:
    path: Path
    manifest_path: Path
    manifest: Manifest


def default_name(engine: str, at: datetime) -> str:
    return f"madoguchi-{engine}-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}.{EXTENSIONS[engine]}"


def resolve_out(out: Path, name: str, *, create: bool = False) -> Path:
    """`out` is a folder (existing, or a new one without a suffix) or a file path."""
    if out.is_dir() or (not out.exists() and not out.suffix):
        if not out.is_dir():
            if not (create or out.parent.is_dir()):
                raise BackupError("backup.error.out_parent", path=out.parent)
            out.mkdir(parents=create, exist_ok=True)
        path = out / name
    else:
        path = out
        if not path.parent.is_dir():
            raise BackupError("backup.error.out_parent", path=path.parent)
    for taken in (path, manifest_path(path)):
        if taken.exists():
            raise BackupError("backup.error.out_exists", path=taken)
    return path


def make_backup(source: Database, out: Path, *, default_folder: bool = False) -> Written:
    created = datetime.now(UTC).replace(microsecond=0)
    path = resolve_out(out, default_name(source.engine, created), create=default_folder)
    partial = path.with_name(path.name + ".partial")
    old_umask = os.umask(0o077)
    try:
        tool, facts = (_postgresql if source.engine == "postgresql" else _sqlite)(source, partial)
        os.replace(partial, path)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
    manifest = Manifest(
        created_at=created.isoformat().replace("+00:00", "Z"),
        engine=source.engine,
        file=path.name,
        size=path.stat().st_size,
        sha256=sha256_of(path),
        madoguchi=_version(),
        tool=tool,
        **facts,
    )
    where = manifest_path(path)
    old_umask = os.umask(0o077)
    try:
        manifest.write(where)
    finally:
        os.umask(old_umask)
    return Written(path, where, manifest)


def _sqlite(source: Database, partial: Path) -> tuple[str, dict[str, Any]]:
    if not source.path.is_file():
        raise BackupError("backup.error.sqlite_missing", path=source.path)
    with closing(sqlite3.connect(source.path, timeout=20)) as src, closing(sqlite3.connect(partial)) as dst:
        # pages=-1 (the default): all pages in one step, so one snapshot. Steps
        # of a few pages would restart whenever another process writes, and
        # under steady load might never finish.
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError("backup.error.sqlite_check", 1, problem=check)
        facts = gather(sqlite_query(dst))
    return f"sqlite3 {sqlite3.sqlite_version}", facts


def _postgresql(source: Database, partial: Path) -> tuple[str, dict[str, Any]]:
    with source.connect_postgresql() as conn:
        tool = pgtools.find("pg_dump", pgtools.server_major(conn.info.server_version))
        # The snapshot stays open while pg_dump runs: no timeout of the app's may end it.
        conn.execute("SET statement_timeout = 0")
        conn.execute("SET idle_in_transaction_session_timeout = 0")
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        facts = gather(cursor_query(conn.cursor()))
        done = subprocess.run(
            [str(tool.path), "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", f"--dbname={source.conninfo()}"],
            env=source.tool_env(), capture_output=True, text=True,
        )  # fmt: skip
        conn.execute("COMMIT")
    if done.returncode:
        raise BackupError("backup.error.pg_tool_failed", 1, tool="pg_dump", code=done.returncode, problem=pgtools.problem(done.stderr))
    return f"pg_dump {tool.version}", facts


def _version() -> str:
    try:
        return metadata.version("madoguchi")
    except metadata.PackageNotFoundError:
        return "unknown"


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
