"""bench/guide still runs: a real server, a handful of requests, both figures printed."""

from __future__ import annotations

import pytest

from bench import guide

pytestmark = pytest.mark.slow


def test_bench_guide_runs_with_a_tiny_load(capsys):
    assert guide.main(["--seconds", "2", "--requests", "20", "--concurrency", "2", "--workers", "1", "--cold", "5"]) == 0
    out = capsys.readouterr().out
    assert "machine:" in out
    assert "trivial" in out and "outcome" in out and "ratio outcome/trivial" in out
    assert "errors 0" in out
    assert "cold " in out and "cold outcome render, median" in out
    assert "verdict: PASS" in out or "verdict: MISS" in out
