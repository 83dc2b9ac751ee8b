"""A city folder that leaves out a procedure the code names is refused at load,
naming its file and key, for every city (rules/required_procedures.py)."""

from __future__ import annotations

import pytest
import yaml

from madoguchi.rules import loader
from madoguchi.rules.errors import DataError
from tests.rules.test_data_errors import data  # noqa: F401 (a fixture: a copy of data/)

from .conftest import CITIES

LEFT_OUT = "card-keep-domestic"


@pytest.mark.parametrize("city", CITIES)
def test_a_city_without_a_procedure_the_code_names_is_refused(data, city):  # noqa: F811
    path = data / city / "procedures.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["procedures"] = [p for p in doc["procedures"] if p["id"] != LEFT_OUT]
    for p in doc["procedures"]:  # a follow-up naming it would be refused first, for its own reason
        p["follow_ups"] = [f for f in p.get("follow_ups", []) if f["procedure"] != LEFT_OUT]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loader.load_municipality.cache_clear()
    try:
        with pytest.raises(DataError) as e:
            loader.load_municipality(str(data / city))
    finally:
        loader.load_municipality.cache_clear()
    assert (e.value.file, e.value.key) == (f"{city}/procedures.yaml", "procedures")
    assert repr(LEFT_OUT) in e.value.problem
