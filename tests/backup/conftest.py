"""Scratch databases for the backup tests, on the engine the suite runs on
(SQLite files, or temporary PostgreSQL databases dropped afterwards), and a
`madoguchi` subprocess on them: a backup, a restore and a verify are whole
processes, as cron and the IT staff run them."""

from __future__ import annotations

import base64
import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.booking.served import MADOGUCHI, ROOT, TempPostgres, server_env

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
ENGINE = "postgresql" if ON_POSTGRES else "sqlite"
# Fixed test keys (not the development ones): a backup's values name this key's id.
KEYS = {
    "MADOGUCHI_ENCRYPTION_KEY": base64.b64encode(b"backup test encryption key 32 b!").decode(),
    "MADOGUCHI_INDEX_KEY": base64.b64encode(b"backup test blind index key 32b!").decode(),
}
OTHER_KEY = base64.b64encode(b"a key this backup never knew 32b").decode()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Iterator:
    """`scratch(name)` gives the URL of a new, empty database."""
    folder = tmp_path_factory.mktemp("scratch")
    with contextlib.ExitStack() as stack:

        def make(name: str) -> str:
            if ON_POSTGRES:
                return stack.enter_context(TempPostgres(os.environ["DATABASE_URL"]))
            return f"sqlite:///{folder / (name + '.sqlite3')}"

        yield make


def env_for(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return server_env(url, data_dir, **{**KEYS, "MADOGUCHI_LANG": "en", **extra})


def madoguchi(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*MADOGUCHI, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def workload(env: dict[str, str], *args: str, **popen) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tests.backup.workload", *args]
    if popen:
        return subprocess.Popen(command, env=env, cwd=ROOT, text=True, **popen)
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def query(url: str, sql: str) -> list[tuple]:
    """Raw rows of a database the test process has no Django connection to."""
    from madoguchi.backup.database import Database

    db = Database.from_url(url)
    if db.engine == "sqlite":
        with contextlib.closing(sqlite3.connect(db.path)) as conn:
            return conn.execute(sql).fetchall()
    with db.connect_postgresql() as conn:
        return conn.execute(sql).fetchall()


def execute(url: str, *statements: str) -> None:
    from madoguchi.backup.database import Database

    db = Database.from_url(url)
    if db.engine == "sqlite":
        with contextlib.closing(sqlite3.connect(db.path)) as conn:
            for sql in statements:
                conn.execute(sql)
            conn.commit()
        return
    with db.connect_postgresql() as conn:
        for sql in statements:
            conn.execute(sql)
