"""A scratch database for one benchmark engine, and the worker process that uses it.

Each engine's part runs in its own process with its own Django settings
(DATABASE_URL), on a database made for the run: a SQLite file in `folder`, or
a PostgreSQL database created and dropped around the run.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def postgres_database(bench: str, admin_url: str = PG_ADMIN) -> Iterator[str]:
    """A PostgreSQL database for one run: created on enter, dropped (even if in use) on exit."""
    import dj_database_url
    import psycopg

    c = dj_database_url.parse(admin_url)
    name = f"bench_{bench}_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    auth = c["USER"] + (f":{c['PASSWORD']}" if c["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{c['HOST'] or '127.0.0.1'}:{c['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_worker(engine: str, bench: str, worker_args: list[str], folder: Path | None = None) -> int:
    """Run `python -m bench <bench> --worker <engine> <worker_args>` against a scratch database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "madoguchi.settings.test",
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
    }
    with contextlib.ExitStack() as stack:
        if engine == "sqlite":
            folder = folder or Path(tempfile.mkdtemp(prefix=f"bench-{bench}-"))
            env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
            env["MADOGUCHI_DATA_DIR"] = str(folder)
        elif engine == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(postgres_database(bench))
        else:
            print(f"unknown engine {engine!r}; use sqlite or postgresql", file=sys.stderr)
            return 2
        print(f"\n-- {engine} --", flush=True)
        cmd = [sys.executable, "-m", "bench", bench, "--worker", engine, *worker_args]
        return subprocess.run(cmd, env=env, cwd=ROOT).returncode
