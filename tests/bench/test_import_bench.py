"""bench/import runs end to end (tiny, SQLite), so it cannot rot."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_import_bench_prints_both_figures():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "import", "--rows", "300", "--engines", "sqlite"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for figure in ("machine:", "import_residents: 300 rows", "baseline, raw executemany", "ratio", "kana search over 300 residents",
                   "rows/s into SQLite", "verdict: "):
        assert figure in done.stdout
