"""The 特定在留カード column of the resident import (cases/residence_card.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.counter.models import Card

from .test_import_checks import run
from .test_import_residents import GOOD

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "residence_card.yaml").read_text(encoding="utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_residence_card_column(tmp_path, case):
    row = {**GOOD[1], **{k: str(v) for k, v in case["row"].items()}}
    _, err, failure = run(tmp_path, [GOOD[0], row])
    if "refused" in case:
        assert failure and "nothing imported" in failure
        assert f"row 2, residence_card: {case['refused']}" in err
        assert not Card.objects.exists()
    else:
        assert failure is None, err
        assert Card.objects.get(serial=row["card_serial"]).serves_as_residence_card is case["stored"]
        assert Card.objects.get(serial=GOOD[0]["card_serial"]).serves_as_residence_card is False


@pytest.mark.django_db
def test_residence_card_without_a_card_is_refused(tmp_path):
    row = {k: v for k, v in GOOD[1].items() if not k.startswith("card_")}
    _, err, failure = run(tmp_path, [{**row, "residence_card": "yes"}])
    assert failure and "row 1, card_serial:" in err
