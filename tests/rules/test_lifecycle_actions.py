"""The action registry: one row per action, named as the catalog names the
procedure, offered in exactly the states its rule starts from."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from tests.rules.conftest import cases
from tests.rules.test_lifecycle import TODAY, build

from madoguchi.rules import lifecycle as lc
from madoguchi.rules.lifecycle.actions import ACTIONS, FORMER_NAMES, action, action_for_procedure, offered_actions
from madoguchi.rules.lifecycle.data import load_lifecycle_rules


@pytest.mark.parametrize("case", cases("lifecycle.yaml", "offered"))
def test_the_page_offers_what_the_rules_allow(case):
    card, holder = build(case)
    assert list(offered_actions(card, holder, case.get("today", TODAY))) == case["offered"]


def test_an_action_that_is_one_procedure_is_named_as_the_catalog_names_it(koganei):
    for a in ACTIONS.values():
        for procedure in a.procedures:
            koganei.catalog.get(procedure)  # every procedure is in the catalog
        if len(a.procedures) == 1:
            assert a.name == a.procedure
        assert set(a.offered_in) <= set(lc.CARD_STATUSES), a.name


def test_a_former_name_finds_its_action_and_names_never_collide():
    assert not set(FORMER_NAMES) & set(ACTIONS)
    for old, new in FORMER_NAMES.items():
        assert action(old) is ACTIONS[new]
    assert action("fly-to-the-moon") is None


def test_an_offer_of_an_outcome_leads_to_its_action():
    assert action_for_procedure("signature-certificate-issue").name == "signature-certificate-issue"
    assert action_for_procedure("express-issue").name == "apply-reissue"
    assert action_for_procedure("guide-only") is None


# Inputs a rule accepts whatever the state, so that only the state decides.
SAMPLE = {
    "channel": "counter",
    "procedure_id": "express-issue",  # the re-issue every issued state may ask for
    "change": "sex",
    "new_end": date(2030, 3, 31),
    "special_period": False,
    "pin": "resident-register",
    "correct": False,
    "counting": "consecutive",
    "leaked_and_may_be_misused": True,
    "issued": TODAY,
    "with_certificates": True,
    "with_signature": True,
    "old": None,
    "old_collected": False,
    "reason": "moving-abroad",
    "departure": date(2026, 12, 20),  # 国外継続利用: the day before is after TODAY
}
STATE_REFUSALS = {f"card_{s}" for s in lc.CARD_STATUSES} | {"not_ordered", "not_arrived", "already_suspended", "not_reported_lost"}


@pytest.mark.parametrize("name", list(ACTIONS))
@pytest.mark.parametrize("status", lc.CARD_STATUSES)
def test_offered_in_is_the_rules_own_states(koganei, name, status):
    """Offered: the rule does not refuse for the card's state. Not offered: it refuses."""
    a = ACTIONS[name]
    case = {"card": {"status": status, "lost": True, "expires": date(2030, 6, 15)}, "holder": {"period_of_stay_end": date(2029, 12, 31)}}
    card, holder = build(case)
    context = {"card": card, "holder": holder, "rules": koganei.validity, "life": load_lifecycle_rules(), "pins": koganei.pins,
               "procedure": koganei.catalog.get(a.procedure) if a.procedure else None, "today": TODAY, **SAMPLE}  # fmt: skip
    params = inspect.signature(a.rule).parameters
    try:
        a.rule(**{p: context[p] for p in params})
        refused = None
    except lc.Refusal as e:
        refused = e.code
    if a.offered(card, holder, TODAY):
        assert refused not in STATE_REFUSALS, (name, status, refused)
    else:
        assert refused is not None, f"{name} is not offered for a {status} card, but its rule allows it"


# What refuses an action on the card and the day alone, so the clerk's form says it when it opens.
READY = [
    ("card-info-change", {}, None),
    ("card-info-change", {"status": "suspended"}, "card_suspended"),
    ("card-info-change", {"notes_used": 4, "notes_capacity": 4}, "notes_full"),
    ("period-of-stay-change", {"notes_used": 4, "notes_capacity": 4}, "notes_full"),
    ("certificate-renewal", {"user_certificate": lc.Certificate("active", date(2024, 5, 1), date(2029, 6, 15))}, "renewal_window_not_open"),
    ("certificate-renewal", {"user_certificate": lc.Certificate("active", date(2021, 5, 1), date(2026, 12, 15))}, None),
    ("pin-reset", {"status": "returned"}, "card_returned"),
]


@pytest.mark.parametrize(("name", "card_fields", "refusal"), READY, ids=[f"{n}-{r}" for n, _, r in READY])
def test_what_no_input_can_change_is_known_before_the_form_is_filled(koganei, name, card_fields, refusal):
    from dataclasses import replace

    card = replace(lc.Card(status="active", issued=date(2020, 3, 10), expires=date(2029, 6, 15)), **card_fields)
    today = date(2026, 11, 24)
    if refusal is None:
        ACTIONS[name].check_ready(card, today, koganei.validity)
    else:
        with pytest.raises(lc.Refusal) as e:
            ACTIONS[name].check_ready(card, today, koganei.validity)
        assert e.value.code == refusal
