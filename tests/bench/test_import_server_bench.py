"""bench/import_server runs end to end (tiny, PostgreSQL on this machine), so it cannot rot."""

import subprocess
import sys
from pathlib import Path

import pytest

from .test_booking_bench import POSTGRES, _postgres_reachable

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(not _postgres_reachable(), reason=f"the import_server bench needs PostgreSQL ({POSTGRES})")
@pytest.mark.parametrize("apart", [False, True])
def test_import_server_bench_prints_the_servers_cpu_and_the_commit(apart):
    done = subprocess.run(
        [sys.executable, "-m", "bench", "import_server", "--rows", "300", *(["--checks-apart"] if apart else [])],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for figure in ("machine:", "indexes on the three tables: ", "import_residents: 300 residents, 100 cards, 200 certificates",
                   "this process's CPU:", "the server backend's CPU:", "kana search over 300 residents"):
        assert figure in out
    assert ("the foreign-key checks of 300 rows" in out and "the COMMIT then:" in out) if apart else "the COMMIT alone:" in out
