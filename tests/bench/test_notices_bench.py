"""bench/notices runs end to end (tiny), so it cannot rot."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_notices_bench_runs_and_prints_its_figures():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "notices", "--cards", "300", "--year-days", "3", "--engines", "sqlite"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for figure in ("machine:", "one day's batch at 30 cards", "one day's batch at 300 cards", "ratio", "baseline", "a year of daily batches"):
        assert figure in done.stdout
