"""A bench's targets: each figure against its limit, and one verdict."""

from __future__ import annotations

from bench.targets import at_least, under, verdict


def test_a_target_is_met_only_on_its_side_of_the_limit():
    assert at_least("ratio", 0.6, 0.6).met and not at_least("ratio", 0.59, 0.6).met
    assert under("p99", 49.9, 50).met and not under("p99", 50, 50).met


def test_the_verdict_names_what_was_missed(capsys):
    assert not verdict([at_least("throughput ratio", 0.4, 0.6), under("p99", 20, 50, " ms")])
    out = capsys.readouterr().out
    assert "throughput ratio" in out and "MISS" in out and "PASS" in out
    assert out.strip().endswith("verdict: MISS  (missed: throughput ratio)")
    assert verdict([under("p99", 20, 50, " ms")])
    assert capsys.readouterr().out.strip().endswith("verdict: PASS")
