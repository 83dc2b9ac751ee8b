"""The counter API's contract: token required, documented statuses, errors in both languages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from madoguchi.counter.models import Card

from .conftest import make_card, make_resident

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_no_token_is_401_and_changes_nothing(now):
    card = make_card(make_resident())
    response = post(Client(), f"/api/v1/cards/{card.pk}/actions/suspend", {"channel": "phone"})
    assert response.status_code == 401
    assert Card.objects.get(pk=card.pk).status == "active"


def test_a_revoked_or_made_up_token_is_401(now):
    card = make_card(make_resident())
    client = Client(headers={"Authorization": "Bearer mdg_not-a-token"})
    assert post(client, f"/api/v1/cards/{card.pk}/actions/suspend", {}).status_code == 401


def test_unknown_card_is_404_with_a_message(api_token, now):
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    body = post(client, "/api/v1/cards/999999/actions/report-found", {}).json()
    assert body["code"] == "no_card" and "999999" in body["message_en"] and "999999" in body["message_ja"]


def test_bad_input_is_422(api_token, now):
    card = make_card(make_resident())
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    assert post(client, f"/api/v1/cards/{card.pk}/actions/change-period-of-stay", {"new_end": "next year"}).status_code == 422
    assert post(client, f"/api/v1/cards/{card.pk}/actions/apply-reissue", {"procedure": "card-return"}).status_code == 422
    missing_name = post(client, f"/api/v1/cards/{card.pk}/actions/lift-suspension", {"applicant_type": "voluntary-proxy"})
    assert (missing_name.status_code, missing_name.json()["code"]) == (422, "applicant_name_missing")


def test_every_action_documents_its_refusals(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    actions = [p for p in paths if "/actions/" in p]
    assert len(actions) == 14
    for path in actions:
        responses = paths[path]["post"]["responses"]
        assert {"200", "401", "404", "409", "422"} <= set(responses), path
