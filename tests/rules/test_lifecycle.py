"""The card's lifecycle: every transition and refusal, from tests/rules/cases/lifecycle.yaml."""

import inspect
from dataclasses import replace
from datetime import date

import pytest
from tests.rules.conftest import cases

from madoguchi.rules import lifecycle as lc
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle.actions import ACTIONS
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


# The rules the table exercises: every action of the registry, and what
# happens at the counter without being an action (a correct PIN, the daily expiry).
RULES = {a.name: a.rule for a in ACTIONS.values()} | {"pin-entry": lc.pin_entry, "expire": lc.expire}


def run(koganei, case: dict):
    """Do the case's action through the registry's rule, its parameters from `do`
    and the rest from the case's context; returns (outcome, extra) where extra is
    the new card or the stay end."""
    card, holder = build(case)
    do = dict(case["do"])
    name = do.pop("action")
    action = ACTIONS.get(name)
    context = {
        "card": card,
        "holder": holder,
        "rules": koganei.validity,
        "life": load_lifecycle_rules(),
        "pins": koganei.pins,
        "procedure": koganei.catalog.get(action.procedure) if action and action.procedure else None,
        "old": None,  # a card-pickup without an old card (the old card's cases are below)
        "old_collected": False,
        "with_certificates": True,
        "with_signature": True,
        "counting": case.get("counting", "consecutive"),
        "today": case.get("today", TODAY),
        **({f.name: f.default for f in action.all_fields() if not f.required} if action else {}),  # the inputs' defaults
    }
    rule = RULES[name]
    params = inspect.signature(rule).parameters
    unknown = set(do) - set(params)
    assert not unknown, f"{name} takes no {unknown}"
    result = rule(**{p: do[p] if p in do else context[p] for p in params})
    return result if isinstance(result, tuple) else (result, None)


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


def test_card_pickup_collects_the_old_card_or_flags_it_for_return():
    new = lc.Card(status="arrived", expires=date(2036, 6, 15))
    old = lc.Card(status="active", expires=date(2029, 6, 15), user_certificate=lc.Certificate(**RENEWED))
    _, gone = lc.card_pickup(new, old, old_collected=True, today=TODAY)
    assert gone.card.status == "returned" and gone.card.user_certificate.status == "revoked"
    _, kept = lc.card_pickup(new, old, old_collected=False, today=TODAY)
    assert kept.card.status == "superseded" and kept.card.return_pending


def test_lifecycle_numbers_come_from_the_data_with_sources():
    life = load_lifecycle_rules()
    assert (life.special_period_months(TODAY), life.special_period_once) == (2, True)
    assert life.early_renewal_certificate_birthdays == 6
    assert replace(life, expiry_warning_days=40) == life
