"""マイナ保険証: the last day an expired card still works as 保険証, from tests/rules/cases/insurance.yaml."""

import pytest
from tests.rules.conftest import cases

from madoguchi.rules.insurance import card_insurance_usable_until, insurance_usable_until


@pytest.mark.parametrize("case", cases("insurance.yaml", "cases"))
def test_insurance_usable_until(koganei, case):
    assert insurance_usable_until(koganei.as_of(case["day"]), case["expires"]) == case["until"]


@pytest.mark.parametrize("case", cases("insurance.yaml", "card"))
def test_a_cards_grace_runs_from_the_earlier_expiry(koganei, case):
    m = koganei.as_of(case["day"])
    assert card_insurance_usable_until(m, case["card"], case["certificate"]) == case["until"]
