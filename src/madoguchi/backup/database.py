"""Which database a backup reads or a restore writes, and raw connections to it.

The backup and restore work beside Django's own connection, not through it:
the snapshot a dump is taken on must stay open while `pg_dump` runs, and a
restore's target may not exist as far as Django knows yet. A password never
goes on a command line (other users see those): it goes in PGPASSWORD.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BackupError

# Connection options of DATABASES["OPTIONS"] that libpq (and so pg_dump,
# pg_restore) understands as they are; the others are Django's or psycopg's.
_LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "target_session_attrs")


@dataclass(frozen=True)
class Database:
    engine: str  # "postgresql" or "sqlite"
    name: str  # the database's name, or the SQLite file's path
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = field(default="", repr=False)
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> Database:
        """From one of Django's DATABASES entries."""
        backend = config["ENGINE"]
        if backend == "django.db.backends.sqlite3":
            return cls("sqlite", str(config["NAME"]))
        if backend.startswith("django.db.backends.postgresql"):
            opts = {k: v for k, v in (config.get("OPTIONS") or {}).items() if k in _LIBPQ_OPTIONS}
            return cls("postgresql", str(config["NAME"]), str(config.get("HOST") or ""), str(config.get("PORT") or ""),
                       str(config.get("USER") or ""), str(config.get("PASSWORD") or ""), opts)  # fmt: skip
        raise BackupError("backup.error.engine", engine=backend.rsplit(".", 1)[-1])

    @classmethod
    def from_url(cls, url: str) -> Database:
        import dj_database_url

        return cls.from_settings(dj_database_url.parse(url))

    def describe(self) -> str:
        """For messages: never the password."""
        if self.engine == "sqlite":
            return f"SQLite {self.name}"
        return f"PostgreSQL {self.user + '@' if self.user else ''}{self.host or 'localhost'}:{self.port or 5432}/{self.name}"

    # --- PostgreSQL ---
    def libpq_params(self) -> dict[str, str]:
        params = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user}
        params.update({k: str(v) for k, v in self.options.items()})
        return {k: v for k, v in params.items() if v}

    def conninfo(self) -> str:
        """The libpq connection string for pg_dump / pg_restore, without the password."""
        from psycopg.conninfo import make_conninfo

        return make_conninfo(**self.libpq_params())

    def tool_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect_postgresql(self, *, autocommit: bool = True):
        import psycopg

        try:
            params = {"connect_timeout": "10", **self.libpq_params()}
            if self.password:
                params["password"] = self.password
            return psycopg.connect(**params, autocommit=autocommit)
        except psycopg.OperationalError as e:
            raise BackupError("backup.error.unreachable", 1, database=self.describe(), problem=first_line(e)) from None

    # --- SQLite ---
    @property
    def path(self) -> Path:
        return Path(self.name)

    def table_count(self) -> int:
        """Tables already in the database (a restore goes into an empty one only)."""
        if self.engine == "sqlite":
            if not self.path.exists() or self.path.stat().st_size == 0:
                return 0
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as conn:
                return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        with self.connect_postgresql() as conn:
            return conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()[0]


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
