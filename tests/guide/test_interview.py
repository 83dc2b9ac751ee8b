"""The interview's routing and outcomes (rules/guide.py), from cases a clerk can read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from madoguchi.rules.guide import (
    GuideInputError,
    IncompleteAnswers,
    outcome,
    questions,
    relevant_answers,
    route,
)
from madoguchi.rules.loader import load_municipality
from madoguchi.web.messages import messages

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "interview.yaml").read_text(encoding="utf-8"))
DAY = date(2026, 11, 24)
M = load_municipality("koganei").as_of(DAY)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_interview_case(case):
    result = outcome(M.as_of(case.get("day", DAY)), case["answers"])
    assert [s.procedure for s in result.steps] == case["procedures"]
    assert [s.procedure for s in result.alternatives] == case.get("alternatives", [])
    assert list(result.act_now) == case.get("act_now", [])
    assert [n.key for n in result.notes] == case.get("notes", [])
    if "case" in case:
        assert result.steps[0].case.id == case["case"]


def test_every_situation_has_a_case():
    covered = {c["answers"]["situation"] for c in CASES}
    assert covered == set(questions(M)["situation"].options)


def test_every_option_of_every_question_is_reached_by_a_case():
    # Each question reaches each of its next nodes (smart answers' habit).
    used = {(q, v) for c in CASES for q, v in c["answers"].items()}
    for q in questions(M).values():
        if q.id in ("return_case",):  # every case leads to the same step; one is enough
            continue
        for option in q.options:
            assert (q.id, option) in used, f"no case answers {q.id}={option}"


def test_route_asks_the_next_unanswered_question():
    assert route(M, {}).next == "situation"
    assert route(M, {"situation": "lost"}).next == "lost_where"
    assert route(M, {"situation": "lost", "lost_where": "home", "lost_found": "found"}).next == "age"
    assert route(M, {"situation": "stay-extended"}).next == "applicant"


def test_age_is_asked_only_where_it_matters():
    assert "age" not in route(M, {"situation": "return", "return_case": "expired", "applicant": "self"}).asked
    assert "age" in route(M, {"situation": "moved", "moved": "into-city", "age": "adult", "applicant": "self"}).asked


def test_unknown_answer_names_the_question():
    with pytest.raises(GuideInputError) as e:
        route(M, {"situation": "moved", "moved": "to-the-moon"})
    assert e.value.question == "moved" and e.value.value == "to-the-moon"


def test_missing_answer_is_incomplete():
    with pytest.raises(IncompleteAnswers) as e:
        outcome(M, {"situation": "leaked"})
    assert e.value.question == "licence"  # a new card: is a driving licence on the old one (マイナ免許証)?
    with pytest.raises(IncompleteAnswers) as e:
        outcome(M, {"situation": "leaked", "licence": "not-on-card"})
    assert e.value.question == "age"


def test_answers_off_the_route_are_ignored():
    answers = {"situation": "leaked", "lost_where": "home", "licence": "not-on-card", "age": "adult", "applicant": "self"}
    assert relevant_answers(M, answers) == {"situation": "leaked", "licence": "not-on-card", "age": "adult", "applicant": "self"}


def test_the_kiosk_route_for_the_4_digit_pin_follows_the_date_of_the_change():
    """national/rules.yaml kiosk.resets_user_certificate_pin is asked by date, not assumed."""
    answers = {"situation": "pin", "pin_which": "user-certificate", "pin_state": "forgotten",
               "pin_other": "known", "age": "adult", "applicant": "self"}
    base = load_municipality("koganei")
    assert [s.procedure for s in outcome(base.as_of(date(2024, 9, 19)), answers).steps] == ["pin-reset"]
    assert [s.procedure for s in outcome(base.as_of(date(2024, 9, 20)), answers).steps] == ["signature-password-kiosk-reset"]


def test_a_dated_rule_is_never_read_without_a_day():
    with pytest.raises(RuntimeError, match="as_of"):
        load_municipality("koganei").value("kiosk_resets_user_certificate_pin")


def test_every_question_and_option_has_wording_in_every_language():
    keys = messages()
    for q in questions(M).values():
        assert f"guide.q.{q.id}.title" in keys
        if q.id in ("applicant", "return_case"):
            continue  # labels from the catalog's data
        for option in q.options:
            assert f"guide.q.{q.id}.{option}" in keys, f"guide.q.{q.id}.{option}"


def test_the_moving_options_name_the_loaded_city():
    """The city's name comes from its data ({city} in the guide's catalog), not the text."""
    from dataclasses import replace

    from madoguchi.guide.presenters import options
    from madoguchi.rules.guide import questions
    from madoguchi.rules.text import Text

    other = replace(M, city=replace(M.city, name=Text("武蔵野市", "Musashino City", "武蔵野市《むさしのし》")))
    for m, city in ((M, "小金井市"), (other, "武蔵野市")):
        labels = {o.value: o.label for o in options(m, questions(m)["moved"], "ja", DAY)}
        assert labels["into-city"] == f"他の市区町村から{city}に転入した"
        assert labels["within-city"] == f"{city}内で転居した"
        situation = {o.value: o.label for o in options(m, questions(m)["situation"], "ja", DAY)}
        assert situation["moved"] == f"引っ越した（{city}に転入した・市内で転居した）"
