"""The counter API's contract: token required, documented statuses, errors in both languages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from madoguchi.counter.models import Card
from madoguchi.rules.lifecycle.actions import ACTIONS, FORMER_NAMES

from tests.counter.conftest import make_card, make_resident

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_no_token_is_401_and_changes_nothing(now):
    card = make_card(make_resident())
    response = post(Client(), f"/api/v1/cards/{card.pk}/actions/suspend-lost-card", {"channel": "phone"})
    assert response.status_code == 401
    assert Card.objects.get(pk=card.pk).status == "active"


def test_a_revoked_or_made_up_token_is_401(now):
    card = make_card(make_resident())
    client = Client(headers={"Authorization": "Bearer mdg_not-a-token"})
    assert post(client, f"/api/v1/cards/{card.pk}/actions/suspend-lost-card", {}).status_code == 401


def test_unknown_card_is_404_with_a_message(api_token, now):
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    body = post(client, "/api/v1/cards/999999/actions/report-found", {}).json()
    assert body["code"] == "no_card" and "999999" in body["message_en"] and "999999" in body["message_ja"]


def test_bad_input_is_422(api_token, now):
    card = make_card(make_resident())
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    assert post(client, f"/api/v1/cards/{card.pk}/actions/period-of-stay-change", {"new_end": "next year"}).status_code == 422
    assert post(client, f"/api/v1/cards/{card.pk}/actions/apply-reissue", {"procedure": "card-return"}).status_code == 422
    missing_name = post(client, f"/api/v1/cards/{card.pk}/actions/lift-suspension", {"applicant_type": "voluntary-proxy"})
    assert (missing_name.status_code, missing_name.json()["code"]) == (422, "applicant_name_missing")


def test_every_action_documents_its_refusals(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    actions = [p for p in paths if "/actions/" in p]
    names = set(ACTIONS) | set(FORMER_NAMES)  # 16 actions (国外継続利用 and 国内継続利用 added); the 9 renamed still answer at their 1.0 path
    assert {p.rsplit("/", 1)[1] for p in actions} == names and len(ACTIONS) == 16
    for path in actions:
        responses = paths[path]["post"]["responses"]
        assert {"200", "401", "404", "409", "422"} <= set(responses), path


@pytest.mark.parametrize("former, name", sorted(FORMER_NAMES.items()))
def test_an_api_1_0_name_answers_as_the_action_does(api_token, now, former, name):
    """A renamed action keeps its 1.0 path: the same schema, the same service."""
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    answers = []
    for i, path in enumerate((former, name)):
        card = make_card(make_resident(register_id=f"R{i}", my_number=""))
        response = post(client, f"/api/v1/cards/{card.pk}/actions/{path}", {"applicant_type": "nobody"})
        answers.append((response.status_code, response.json().get("errors", [{}])[0].get("loc")))
    assert answers[0] == answers[1] and answers[0][0] == 422  # the same schema checked the body


def test_the_former_suspend_path_suspends(api_token, now):
    card = make_card(make_resident())
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    response = post(client, f"/api/v1/cards/{card.pk}/actions/suspend", {"channel": "phone"})
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    assert Card.objects.get(pk=card.pk).cases.get().action == "suspend-lost-card"


DOCS = {"documents": ["my-number-card", "notifier-id"]}


def test_a_case_records_the_office_given_or_the_citys_first_and_an_unknown_one_is_422(api_token, now):
    from madoguchi.counter.models import Case

    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    card = make_card(make_resident(), status="suspended", lost=True)
    unknown = post(client, f"/api/v1/cards/{card.pk}/actions/lift-suspension", {"office": "nowhere"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_office") and "citizen-division" in unknown.json()["message_en"]
    assert not Case.objects.exists() and Card.objects.get(pk=card.pk).status == "suspended"
    done = post(client, f"/api/v1/cards/{card.pk}/actions/lift-suspension", {"office": "citizen-division", **DOCS})
    assert done.status_code == 200, done.json()
    assert Case.objects.get(pk=done.json()["case_id"]).office_id == "citizen-division"
    other = make_card(make_resident(household="H0002", my_number=""), status="suspended", lost=True)
    without = post(client, f"/api/v1/cards/{other.pk}/actions/lift-suspension", DOCS)  # a 1.0 client: the city's first office
    assert Case.objects.get(pk=without.json()["case_id"]).office_id == "citizen-division"
