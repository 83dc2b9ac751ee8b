"""bench/forecast runs end to end (tiny), so it cannot rot."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_forecast_bench_runs_and_prints_its_figures():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "forecast", "--cards", "300", "--engines", "sqlite"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # A tiny register misses the ratio (the forecast's fixed cost dominates): the figures, not the verdict.
    assert done.returncode in (0, 1), done.stderr
    for figure in ("machine:", "generated 300", "baseline, the raw SQL aggregate", "forecast, 18 months", "ratio",
                   "equal the raw aggregate's: yes", "crest", "verdict"):  # fmt: skip
        assert figure in done.stdout, done.stdout
