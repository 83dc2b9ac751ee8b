"""Every procedure id the code names is checked at load (rules/required_procedures.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from madoguchi.rules import loader
from madoguchi.rules.errors import DataError
from madoguchi.rules.lifecycle.actions import ACTIONS
from madoguchi.rules.required_procedures import REQUIRED_PROCEDURES
from tests.cities.conftest import CITIES
from tests.rules.test_data_errors import data, load  # noqa: F401 (a fixture)

SRC = Path(__file__).resolve().parents[2] / "src" / "madoguchi"
# How code names a procedure: the catalog asked for one, the guide's steps.
NAMED = re.compile(r"""(?:catalog\.get|step|Step)\(["']([a-z][a-z-]+)["']""")


def test_the_list_holds_every_procedure_the_code_names():
    named = {p for a in ACTIONS.values() for p in a.procedures}
    for path in SRC.rglob("*.py"):
        named |= set(NAMED.findall(path.read_text(encoding="utf-8")))
    assert named <= REQUIRED_PROCEDURES, sorted(named - REQUIRED_PROCEDURES)


@pytest.mark.parametrize("city", CITIES)
def test_a_city_folder_without_a_procedure_the_code_names_is_refused_at_load(data, city):  # noqa: F811
    path = data / city / "procedures.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["offers"].remove("card-keep-domestic")
    doc["procedures"].pop("card-keep-domestic", None)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loader.load_municipality.cache_clear()
    with pytest.raises(DataError) as e:
        loader.load_municipality(str(data / city))
    loader.load_municipality.cache_clear()
    assert (e.value.file, e.value.key) == (f"{city}/procedures.yaml", "offers")
    assert "'card-keep-domestic'" in e.value.problem and "relies on" in e.value.problem


def _offer_less(data, *ids):
    path = data / "koganei" / "procedures.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for pid in ids:
        doc["offers"].remove(pid)
        doc["procedures"].pop(pid, None)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_city_that_offers_less_keeps_the_national_groups_without_it(data, monkeypatch):  # noqa: F811
    from madoguchi.rules import loader

    monkeypatch.setattr(loader, "REQUIRED_PROCEDURES", REQUIRED_PROCEDURES - {"card-keep-abroad", "card-keep-domestic"})
    _offer_less(data, "card-keep-abroad", "card-keep-domestic")
    catalog = load(data).catalog
    assert "card-keep-abroad" not in catalog.procedures and len(catalog.procedures) == len(REQUIRED_PROCEDURES) - 2
    placed = [pid for g in catalog.groups for pid in g.procedures]
    assert sorted(placed) == sorted(catalog.procedures) and "abroad" not in {g.id for g in catalog.groups}


def test_a_city_must_offer_what_an_offered_procedure_leads_on_to(data, monkeypatch):  # noqa: F811
    from madoguchi.rules import loader

    monkeypatch.setattr(loader, "REQUIRED_PROCEDURES", REQUIRED_PROCEDURES - {"card-keep-domestic"})
    _offer_less(data, "card-keep-domestic")  # card-keep-abroad's follow-up
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == ("koganei/procedures.yaml", "offers")
    assert "'card-keep-domestic' is missing: a follow-up (national/procedures.yaml: procedures[16].follow_ups[0].procedure)" in e.value.problem
