"""Scratch resources for one benchmark run: a database, a worker process, a server.

Each engine's part runs in its own process with its own Django settings
(DATABASE_URL), on a database made for the run: a SQLite file in `folder`, or
a PostgreSQL database created and dropped around the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(env: dict[str, str], *serve_args: str, ready_path: str, headers: dict[str, str] | None = None,
            timeout: float = 120.0) -> Iterator[tuple[subprocess.Popen, str]]:
    """`madoguchi serve` on a free 127.0.0.1 port, in its own process group, until
    `ready_path` answers 200; yields (process, base URL) and stops it on exit."""
    port = free_port()
    # Its log to a file, not a pipe: a pipe nobody reads fills up (Django logs
    # every 409 of a surge) and would stall the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "madoguchi.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
         *serve_args],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"madoguchi serve exited: {log.read().decode(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"madoguchi serve did not answer in {timeout:.0f} s")
            try:
                with urllib.request.urlopen(urllib.request.Request(url + ready_path, headers=headers or {}), timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            time.sleep(0.2)
        yield proc, url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
