"""Card and certificate expiry dates and renewal windows (FACTS.md §3)."""

from dataclasses import replace

import pytest
from tests.rules.conftest import cases

from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.validity import card_expiry, card_validity, renewal_window_opens

EXPECTED = {
    "card": "card_expires",
    "basis": "card_expiry_basis",
    "user": "user_certificate_expires",
    "signature": "signature_certificate_expires",
    "card_renewal": "card_renewal_opens",
    "certificate_renewal": "certificate_renewal_opens",
}


def ask(rules, case):
    return card_validity(
        replace(rules, **case.get("rules", {})),
        case["birth"],
        case["issued"],
        application_received=case.get("received"),
        period_of_stay_end=case.get("stay_end"),
    )


@pytest.mark.parametrize("case", cases("validity.yaml", "cards"))
def test_card_validity(koganei, case):
    answer = ask(koganei.validity, case)
    expected = {field: case[key] for key, field in EXPECTED.items() if key in case}
    assert {field: getattr(answer, field) for field in expected} == expected
    if case.get("signature_note"):
        note = answer.signature_certificate_note
        assert "15歳未満" in note.ja and "under 15" in note.en and note.easy
    else:
        assert answer.signature_certificate_note is None


@pytest.mark.parametrize("case", cases("validity.yaml", "renewals"))
def test_renewal_window(koganei, case):
    rules = replace(koganei.validity, renewal_window_starts=case.get("starts", "day_after"))
    assert renewal_window_opens(rules, case["expires"]) == case["opens"]


def test_koganei_uses_kanazawas_renewal_window_and_the_feb28_rule(koganei):
    assert koganei.validity.renewal_window_starts == "day_after"
    assert koganei.validity.leap_day_birthday == "feb28"


@pytest.mark.parametrize("case", cases("validity.yaml", "errors"))
def test_impossible_dates_are_refused(koganei, case):
    with pytest.raises(RulesInputError) as e:
        ask(koganei.validity, case)
    assert e.value.code == case["code"]
    for language in ("en", "ja"):  # the message names the dates at fault
        assert any(str(day) in e.value.message(language) for day in case.values())
    with pytest.raises(RulesInputError):
        card_expiry(
            koganei.validity,
            case["birth"],
            case["issued"],
            application_received=case.get("received"),
            period_of_stay_end=case.get("stay_end"),
        )
