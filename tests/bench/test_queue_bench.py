"""bench/queue runs end to end (tiny: 20 streams, 3 calls) against `madoguchi serve`, so it cannot rot."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_reachable() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _engines() -> str:
    """The engine the suite runs on (each of CI's two runs has its own), not both in each run."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    return "postgresql" if on_postgres and _postgres_reachable() else "sqlite"


@pytest.mark.slow
def test_queue_bench_runs_and_prints_its_figures():
    engines = _engines()
    done = subprocess.run(
        [sys.executable, "-m", "bench", "queue", "--tiny", "--engines", engines, "--postgres", POSTGRES],
        cwd=ROOT, capture_output=True, text=True, timeout=400,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "machine:" in out and "CPUs" in out and "GiB" in out
    assert "target p99 < 1 s" in out
    for engine in engines.split(","):
        part = out.split(f"-- {engine} --", 1)[1].split("\n-- ", 1)[0]
        assert "streams open         20 of 20" in part, part
        assert "calls                3 (one a second)" in part, part
        assert re.search(r"call -> last screen  p50 \d+ ms / p99 \d+ ms", part), part
        assert re.search(r"plain page           GET /healthz/live p50 \d+ ms / p99 \d+ ms over [1-9]\d* requests", part), part
        assert re.search(r"verdict              (PASS|MISS)", part), part
        assert "calls not seen by every stream within 10 s: 0" in part, part
