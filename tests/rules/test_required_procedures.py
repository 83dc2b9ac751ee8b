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
from tests.rules.test_data_errors import data  # noqa: F401 (a fixture)

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
