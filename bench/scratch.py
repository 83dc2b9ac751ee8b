"""A scratch database for one benchmark engine, and the worker process that uses it.

Each engine's part runs in its own process with its own Django settings
(DATABASE_URL), on a database made for the run: a SQLite file in `folder`, or
a PostgreSQL database created and dropped around the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def run_worker(engine: str, bench: str, worker_args: list[str], folder: Path | None = None) -> int:
    """Run `python -m bench <bench> --worker <engine> <worker_args>` against a scratch database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "madoguchi.settings.test",
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
    }
    drop = None
    if engine == "sqlite":
        folder = folder or Path(tempfile.mkdtemp(prefix=f"bench-{bench}-"))
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        env["MADOGUCHI_DATA_DIR"] = str(folder)
    elif engine == "postgresql":
        import psycopg

        name = f"bench_{bench}_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"

        def drop() -> None:
            with psycopg.connect(PG_ADMIN, autocommit=True) as c:
                c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        print(f"unknown engine {engine!r}; use sqlite or postgresql", file=sys.stderr)
        return 2
    print(f"\n-- {engine} --", flush=True)
    try:
        cmd = [sys.executable, "-m", "bench", bench, "--worker", engine, *worker_args]
        return subprocess.run(cmd, env=env, cwd=ROOT).returncode
    finally:
        if drop:
            drop()
