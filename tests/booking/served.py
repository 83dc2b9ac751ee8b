"""A real `madoguchi serve` in a subprocess, on its own database, for concurrency tests.

SQLite: a file in a temporary folder. PostgreSQL (when the suite runs on it):
a temporary database created here and dropped afterwards. The server's clock
is pinned with MADOGUCHI_NOW, so the slots opened are in its future.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
MADOGUCHI = [sys.executable, "-m", "madoguchi.cli.main"]
SERVER_NOW = "2026-11-20T10:00:00+09:00"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """CREATE DATABASE on enter, DROP ... WITH (FORCE) on exit."""

    def __init__(self, admin_url: str, template: str | None = None):
        import dj_database_url

        self.cfg = dj_database_url.parse(admin_url)
        self.name = f"madoguchi_served_{secrets.token_hex(4)}"
        self.template = template  # a database to copy (CREATE DATABASE ... TEMPLATE), else an empty one

    def _admin(self):
        import psycopg

        c = self.cfg
        return psycopg.connect(host=c["HOST"] or None, port=c["PORT"] or None, user=c["USER"] or None,
                               password=c["PASSWORD"] or None, dbname="postgres", autocommit=True)

    def __enter__(self) -> str:
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{self.template}"' if self.template else ""))
        c = self.cfg
        auth = c["USER"] + (f":{c['PASSWORD']}" if c["PASSWORD"] else "")
        return f"postgres://{auth}@{c['HOST']}:{c['PORT'] or 5432}/{self.name}"

    def __exit__(self, *exc) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """A new, migrated database on the suite's engine: a temporary PostgreSQL
    database, or an SQLite file in `folder`. Each is a copy of one database
    migrated once per test process (`_template`): a dozen servers each running
    every migration cost the suite minutes, and a copy is the same schema."""
    url = os.environ.get("DATABASE_URL", "")
    template = _template(url)
    if url.startswith(("postgres://", "postgresql://")):
        with TempPostgres(url, template=template) as temp_url:
            yield temp_url
    else:
        path = folder / "served.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"


_TEMPLATES: dict[str, str] = {}


def _template(url: str) -> str:
    """The database every fresh_database copies: migrated on first use, removed when the process ends."""
    if url in _TEMPLATES:
        return _TEMPLATES[url]
    folder = Path(tempfile.mkdtemp(prefix="madoguchi-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    if url.startswith(("postgres://", "postgresql://")):
        temp = TempPostgres(url)
        template_url = temp.__enter__()
        atexit.register(temp.__exit__, None, None, None)
        made = temp.name
    else:
        made = str(folder / "template.sqlite3")
        template_url = f"sqlite:///{made}"
    Served(server_env(template_url, folder)).manage(["migrate", "--verbosity", "0"])
    _TEMPLATES[url] = made
    return made


class Served:
    """The server process (its own process group, so kill -9 takes every worker)."""

    def __init__(self, env: dict[str, str], workers: int = 2, threads: int | None = None):
        self.env = env
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def manage(self, *commands: list[str]) -> None:
        """Run Django management commands in one subprocess (Django starts once, not per command)."""
        program = (
            "import sys, django; django.setup()\n"
            "from django.core.management import call_command\n"
            f"for command in {[list(c) for c in commands]!r}:\n"
            "    call_command(*command)\n"
        )
        result = subprocess.run([sys.executable, "-c", program], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(result.stderr[-2000:])

    def start(self, timeout: float = 120) -> None:  # generous: the machine is shared
        self.proc = subprocess.Popen(
            [*MADOGUCHI, "serve", "--port", str(self.port), "--workers", str(self.workers),
             *(["--threads", str(self.threads)] if self.threads else []), "--no-access-log", "--settings", self.env["DJANGO_SETTINGS_MODULE"]],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"madoguchi serve exited: {self.proc.stderr.read().decode()[-3000:]}")
            try:
                if httpx.get(self.url + "/api/v1/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("madoguchi serve did not answer in time")

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "MADOGUCHI_NOW", "PYTEST"))}
    env.update(
        DATABASE_URL=database_url,
        MADOGUCHI_DATA_DIR=str(data_dir),
        MADOGUCHI_NOW=SERVER_NOW,
        DJANGO_SETTINGS_MODULE="madoguchi.settings.test",
        PYTHONPATH=str(ROOT / "src"),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env
