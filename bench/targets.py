"""Targets a benchmark is held to, each printed with its figure and PASS or MISS.

The figures come from the same run as their baselines (a ratio against a raw
load or a trivial page on the same machine at the same moment), so a verdict
means the same on a quiet machine and a busy one as far as ratios can.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float
    at_least: bool  # True: measured >= limit; False: measured < limit
    unit: str = ""
    digits: int = 2

    @property
    def met(self) -> bool:
        return self.measured >= self.limit if self.at_least else self.measured < self.limit

    def line(self) -> str:
        sign = ">=" if self.at_least else "<"
        value = f"{self.measured:,.{self.digits}f}{self.unit}"
        limit = f"{self.limit:,.{self.digits}f}{self.unit}"
        return f"  {self.name:<44} {value:>14}   target {sign} {limit:<12} {'PASS' if self.met else 'MISS'}"


def at_least(name: str, measured: float, limit: float, unit: str = "", digits: int = 2) -> Target:
    return Target(name, measured, limit, True, unit, digits)


def under(name: str, measured: float, limit: float, unit: str = "", digits: int = 2) -> Target:
    return Target(name, measured, limit, False, unit, digits)


def verdict(targets: list[Target]) -> bool:
    """Print every target and one verdict; True when every target is met."""
    print("\ntargets:")
    for target in targets:
        print(target.line())
    ok = all(t.met for t in targets)
    missed = [t.name for t in targets if not t.met]
    print(f"verdict: {'PASS' if ok else 'MISS'}" + (f"  (missed: {', '.join(missed)})" if missed else ""), flush=True)
    return ok
