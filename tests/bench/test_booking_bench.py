"""bench/booking runs end to end (tiny) against `madoguchi serve` on PostgreSQL, so it cannot rot."""

import os
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


# The bench needs PostgreSQL whatever the suite runs on: it runs in the suite's PostgreSQL run only,
# not a second time in the SQLite run (a minute each).
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.mark.slow
@pytest.mark.skipif(not ON_POSTGRES, reason="the booking bench runs on PostgreSQL: the suite's PostgreSQL run has it")
@pytest.mark.skipif(not _postgres_reachable(), reason=f"the booking bench needs PostgreSQL ({POSTGRES})")
def test_booking_bench_runs_and_prints_its_figures():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "booking", "--tiny", "--postgres", POSTGRES],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for figure in ("machine:", "-- surge --", "-- sustained", "raw PostgreSQL ceiling", "app / ceiling", "p50 / p99",
                   "sustained bookings/s / raw ceiling", "verdict: "):
        assert figure in out
    assert "overbooked seats     0" in out and "lost confirmations   0" in out
    assert "confirmed bookings   10\n" in out  # the tiny surge sells exactly its 10 seats
    # Every booking's mail reached the bench's SMTP sink through the mail sender, none left behind.
    states = next(line for line in out.splitlines() if line.startswith("mail states"))
    assert "sent:" in states and "pending" not in states and "sending" not in states and "failed" not in states
