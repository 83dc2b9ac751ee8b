"""Demo: run today's notice batch over the other apps' demo data (idempotent)."""

from __future__ import annotations

from madoguchi.core import clock

from .services.batch import run_batch


def seed() -> str:
    report = run_batch(clock.today())
    return f"notice batch for {clock.today()}: {report.total_created} made"
