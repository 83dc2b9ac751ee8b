"""The card's lifecycle: every transition and refusal, from tests/rules/cases/lifecycle.yaml."""

from dataclasses import replace
from datetime import date

import pytest
from tests.rules.conftest import cases

from madoguchi.rules import lifecycle as lc
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.rules.lifecycle.due import due

TODAY = date(2026, 11, 24)  # a Tuesday
RENEWED = {"status": "active", "issued": date(2024, 5, 1), "expires": date(2029, 6, 15)}
DEFAULT_CARD = {"status": "active", "issued": date(2020, 3, 10), "expires": date(2029, 6, 15), "expiry_basis": "birthday"}


def build(case: dict) -> tuple[lc.Card, lc.Holder]:
    raw = {**DEFAULT_CARD, **case.get("card", {})}
    certs = {k: lc.Certificate(**{**RENEWED, **raw.pop(k, {})}) for k in ("user", "signature")}
    pins = {k: lc.Pin(*v) for k, v in raw.pop("pins", {}).items()}
    card = lc.Card(**raw, user_certificate=certs["user"], signature_certificate=certs["signature"], pins=pins)
    holder = lc.Holder(**{"birth_date": date(1990, 6, 15), **case.get("holder", {})})
    return card, holder


def run(koganei, case: dict):
    """Do the case's action; returns (outcome, extra) where extra is the new card or the stay end."""
    card, holder = build(case)
    today = case.get("today", TODAY)
    do = dict(case["do"])
    action = do.pop("action")
    rules, life = koganei.validity, load_lifecycle_rules()
    match action:
        case "suspend":
            return lc.suspend(card, channel=do["channel"], today=today), None
        case "report-found":
            return lc.report_found(card, today=today), None
        case "lift-suspension":
            return lc.lift_suspension(card, today=today), None
        case "apply-reissue":
            return lc.apply_reissue(card, procedure_id=do["procedure"], today=today)
        case "record-arrival":
            return lc.record_arrival(card, holder, rules, issued=do["issued"], with_certificates=True), None
        case "hand-over":
            new, _ = lc.hand_over(card, None, old_collected=False, today=today)
            return new, None
        case "change-face-info":
            return lc.change_face(card, change=do["change"], today=today), None
        case "change-period-of-stay":
            return lc.change_period_of_stay(
                card, holder, rules, life, new_end=do.get("new_end"), special_period=do.get("special_period", False), today=today
            )
        case "pin-entry":
            counting = case.get("counting", "consecutive")
            return lc.pin_entry(card, koganei.pins, pin=do["pin"], correct=do["correct"], counting=counting, today=today), None
        case "reset-pin":
            return lc.reset_pin(card, koganei.pins, pin=do["pin"], today=today), None
        case "renew-certificates":
            return lc.renew_certificates(card, holder, rules, life, today=today, with_signature=True), None
        case "issue-signature-certificate":
            return lc.issue_signature_certificate(card, holder, rules, today=today), None
        case "change-my-number":
            return lc.change_my_number(card, leaked_and_may_be_misused=do["leaked"], today=today), None
        case "return":
            return lc.return_card(card, koganei.catalog.get("card-return"), reason=do["reason"], today=today), None
        case "expire":
            return lc.expire(card, today=today), None
    raise AssertionError(f"unknown action in the case table: {action}")


def observed(card: lc.Card, keys) -> dict:
    out = {}
    for key in keys:
        if key in ("user", "signature"):
            out[key] = getattr(card, f"{key}_certificate").status
        elif key.endswith("_expires"):
            out[key] = getattr(card, key.replace("_expires", "_certificate")).expires
        elif key == "pins":
            out[key] = {k: [p.failures, p.locked] for k, p in card.pins.items()}
        else:
            out[key] = getattr(card, key)
    return out


@pytest.mark.parametrize("case", cases("lifecycle.yaml", "transitions"))
def test_transition(koganei, case):
    if "refused" in case:
        with pytest.raises(lc.Refusal) as e:
            run(koganei, case)
        assert e.value.code == case["refused"]
        assert e.value.message_ja and e.value.message_en and e.value.text.easy
        assert tuple(case.get("offers", ())) == e.value.offers[: len(case.get("offers", ()))]
        return
    outcome, extra = run(koganei, case)
    assert observed(outcome.card, case["then"]) == case["then"]
    if "offers" in case:
        assert outcome.offers == tuple(case["offers"])
    if "new_card" in case:
        assert observed(extra, case["new_card"]) == case["new_card"]
    if "stay_end" in case:
        assert extra == case["stay_end"]


@pytest.mark.parametrize("case", cases("lifecycle.yaml", "input_errors"))
def test_bad_input_is_an_input_error_in_both_languages(koganei, case):
    with pytest.raises(RulesInputError) as e:
        run(koganei, case)
    assert e.value.code == case["code"]
    assert e.value.message_en and e.value.message_ja


@pytest.mark.parametrize("case", cases("lifecycle.yaml", "due"))
def test_what_is_due(koganei, case):
    card, holder = build(case)
    found = due(card, holder, koganei.validity, load_lifecycle_rules(), today=case.get("today", TODAY))
    assert [d.code for d in found] == case["due"]


def test_every_refusal_has_three_languages_and_the_same_placeholders():
    import string

    for code, text in lc.REFUSALS.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (text.ja, text.en)]
        assert fields[0] == fields[1], code
        assert text.easy, code


def test_hand_over_collects_the_old_card_or_flags_it_for_return():
    new = lc.Card(status="arrived", expires=date(2036, 6, 15))
    old = lc.Card(status="active", expires=date(2029, 6, 15), user_certificate=lc.Certificate(**RENEWED))
    _, gone = lc.hand_over(new, old, old_collected=True, today=TODAY)
    assert gone.card.status == "returned" and gone.card.user_certificate.status == "revoked"
    _, kept = lc.hand_over(new, old, old_collected=False, today=TODAY)
    assert kept.card.status == "superseded" and kept.card.return_pending


def test_lifecycle_numbers_come_from_the_data_with_sources():
    life = load_lifecycle_rules()
    assert (life.special_period_months, life.special_period_once) == (2, True)
    assert life.early_renewal_certificate_birthdays == 6
    assert replace(life, expiry_warning_days=40) == life
