"""Every procedure id the code names is checked at load (rules/required_procedures.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from madoguchi.rules.errors import DataError
from madoguchi.rules.lifecycle.actions import ACTIONS
from madoguchi.rules.required_procedures import REQUIRED_PROCEDURES
from tests.rules.test_data_errors import data, load  # noqa: F401 (a fixture)

SRC = Path(__file__).resolve().parents[2] / "src" / "madoguchi"
# How code names a procedure: the catalog asked for one, the guide's steps.
NAMED = re.compile(r"""(?:catalog\.get|step|Step)\(["']([a-z][a-z-]+)["']""")


def test_the_list_holds_every_procedure_the_code_names():
    named = {p for a in ACTIONS.values() for p in a.procedures}
    for path in SRC.rglob("*.py"):
        named |= set(NAMED.findall(path.read_text(encoding="utf-8")))
    assert named <= REQUIRED_PROCEDURES, sorted(named - REQUIRED_PROCEDURES)


def test_a_city_folder_without_a_procedure_the_code_names_is_refused_at_load(data):  # noqa: F811
    path = data / "koganei" / "procedures.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["offers"].remove("card-keep-domestic")
    del doc["procedures"]["card-keep-domestic"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == ("koganei/procedures.yaml", "offers")
    assert "'card-keep-domestic'" in e.value.problem and "relies on" in e.value.problem
