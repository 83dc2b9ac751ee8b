"""The national catalog with a city's overlay (ADR 0024) gives the city the
catalog it had when its procedures.yaml held everything.

snapshots/koganei_catalog.json is the loader's output for the first city at
the commit before the overlay (b484f2d), as `snapshot()` writes it: every
procedure with its requirements, fees (and the fee in force on a few days),
texts, follow-ups and groups, the city's contacts and the addresses residents
are shown. Sources are compared as sets: the overlay puts the city's own pages
first. When the city's data changes on purpose, write the file anew:
`.venv/bin/python -m tests.rules.test_catalog_overlay`.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from madoguchi.rules.catalog import Condition, Requirement
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.text import Text

SNAPSHOT = Path(__file__).parent / "snapshots" / "koganei_catalog.json"
DAYS = (date(2020, 1, 1), date(2024, 9, 19), date(2024, 12, 2), date(2026, 12, 1))


def plain(value, key: str = ""):
    """`value` as JSON: dataclasses as mappings, sources as sorted lists."""
    if isinstance(value, Text):
        return dict(value.languages)
    if isinstance(value, Requirement):  # the document by id: catalog.documents holds it whole
        return [value.document.id, value.condition and value.condition.id, value.unless and value.unless.id]
    if isinstance(value, Condition) and key != "cases":
        return value.id
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name), f.name) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (frozenset, set)) or key == "sources":
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v, key) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(city: str = "koganei") -> dict:
    m = load_municipality(city)
    return {
        "catalog": plain(m.catalog),
        "fees_on": {
            d.isoformat(): {pid: plain(p.fee_on(d)) for pid, p in m.catalog.procedures.items() if p.in_force(d) and p.fees[0].effective <= d}
            for d in DAYS
        },
        "contacts": plain(m.city.contacts),
        "resident_sources": plain(m.resident_sources),
    }


def without_sources(value):
    if isinstance(value, dict):
        return {k: without_sources(v) for k, v in value.items() if k != "sources"}
    if isinstance(value, list):
        return [without_sources(v) for v in value]
    return value


def test_the_overlay_gives_the_city_the_catalog_it_had():
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(snapshot(), ensure_ascii=False))
    assert list(got["catalog"]["procedures"]) == list(expected["catalog"]["procedures"])
    for pid, proc in expected["catalog"]["procedures"].items():  # with their sources, fees' included
        assert got["catalog"]["procedures"][pid] == proc, pid
    assert got["fees_on"] == expected["fees_on"]
    assert got["catalog"]["groups"] == expected["catalog"]["groups"]
    assert got["resident_sources"] == expected["resident_sources"]
    # The national documents, applicants and the 24-hour lines cite national
    # sources now, no longer the city's page where one says the same (ADR 0024).
    for key in ("documents", "applicants", "conditions"):
        assert without_sources(got["catalog"][key]) == without_sources(expected["catalog"][key]), key
    assert without_sources(got["contacts"]) == without_sources(expected["contacts"])


def test_national_values_cite_no_city_page():
    m = load_municipality("koganei")
    city_pages = {m.city.sources["seed"]}
    national_contacts = [c for c in m.city.contacts if c.purpose == "suspension"]
    assert national_contacts and not any(city_pages & set(c.sources) for c in national_contacts)
    # The documents the city's page states too cite it through its national_evidence,
    # after a national source that says the same (the city's page is not what stands for them).
    evidenced = {"power-of-attorney", "legal-representative-proof", "police-report-number", "application-form", "old-card"}
    for doc in m.catalog.documents.values():
        if doc.id in evidenced:
            assert city_pages <= set(doc.sources) and set(doc.sources) - city_pages, doc.id
        else:
            assert not (city_pages & set(doc.sources)), doc.id


def test_the_second_city_needs_the_first_citys_page_only_where_no_national_page_says_it():
    m = load_municipality("kokubunji")
    first_city = m.city.sources["first-city"]
    # The 3 months of the family register extract are on the first city's page only.
    citing = {doc.id for doc in m.catalog.documents.values() if first_city in doc.sources}
    assert citing == {"legal-representative-proof"}


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
