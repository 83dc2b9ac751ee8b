"""The numbers of the card lifecycle, read from data/national/lifecycle.yaml.

Kept apart from `transitions.py` so that the transitions are code and the
numbers are data with their sources, as for validity.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..datafile import Node, read_yaml
from ..dated import Dated, read_dated
from ..loader import DATA_ROOT


@dataclass(frozen=True)
class LifecycleRules:
    # 特例期間: months after the period of stay ends, by date (rules/dated.py);
    # read through `special_period_months(day)` so that no caller forgets the day.
    special_period_months_by_date: Dated[int]
    special_period_once: bool
    early_renewal_certificate_birthdays: int  # renewed before expiry: the 6th birthday
    notes_capacity_default: int  # an assumption to confirm with the city
    expiry_warning_days: int
    abroad_renewal_window_months: int  # 国外継続利用: certificates renewable from a year before expiry

    def special_period_months(self, day: date) -> int:
        """The 特例期間's months as in force on `day` (ADR 0012)."""
        return self.special_period_months_by_date.on(day)


@functools.lru_cache(maxsize=2)
def load_lifecycle_rules(national_dir: str | None = None) -> LifecycleRules:
    folder = Path(national_dir) if national_dir else DATA_ROOT / "national"
    sources = read_yaml(folder / "sources.yaml", "national/sources.yaml").get("sources").mapping()
    root = read_yaml(folder / "lifecycle.yaml", "national/lifecycle.yaml")
    root.check_keys({"special_period", "certificate_renewal", "notes_field", "due", "abroad"})

    def addresses(node: Node) -> tuple[str, ...]:
        for item in node.items():
            if item.str() not in sources:
                raise item.fail(f"unknown source {item.value!r}; add its address to national/sources.yaml first")
        if not node.items():
            raise node.fail("must name at least one source")
        return tuple(sources[item.str()].str() for item in node.items())

    def section(key: str, fields: set[str]) -> Node:
        node = root.get(key)
        node.check_keys(fields | {"sources"})
        addresses(node.get("sources"))
        return node

    special = section("special_period", {"months", "once"})
    renewal = section("certificate_renewal", {"birthdays_when_renewed_before_expiry"})
    notes = section("notes_field", {"default_capacity"})
    due = root.get("due")  # the product's choice, not the law's: who chose it instead of a source
    due.check_keys({"expiry_warning_days", "chosen_by"})
    due.get("chosen_by").str()
    abroad = section("abroad", {"certificate_renewal_window_months"})
    return LifecycleRules(
        special_period_months_by_date=read_dated(special.get("months"), lambda n: n.int(minimum=1), addresses),
        special_period_once=special.get("once").bool(),
        early_renewal_certificate_birthdays=renewal.get("birthdays_when_renewed_before_expiry").int(minimum=1),
        notes_capacity_default=notes.get("default_capacity").int(minimum=1),
        expiry_warning_days=due.get("expiry_warning_days").int(minimum=1),
        abroad_renewal_window_months=abroad.get("certificate_renewal_window_months").int(minimum=1),
    )
