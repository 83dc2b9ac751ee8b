"""Shared helpers for the rules-core tests: Koganei's data and the case tables."""

from pathlib import Path

import pytest
import yaml

from madoguchi.rules.loader import load_municipality

CASES = Path(__file__).parent / "cases"


def cases(file: str, section: str) -> list:
    """The rows of one table in tests/rules/cases/<file>, as pytest params."""
    rows = yaml.safe_load((CASES / file).read_text(encoding="utf-8"))[section]
    return [pytest.param(row, id=row.get("id") or _case_id(row)) for row in rows]


def _case_id(row: dict) -> str:
    return "-".join(str(v) for k, v in row.items() if k in ("procedure", "date", "at", "start", "birth", "born", "day", "issued", "expires"))


@pytest.fixture(scope="session")
def koganei():
    return load_municipality("koganei")
