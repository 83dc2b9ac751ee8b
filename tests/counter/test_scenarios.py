"""Every scenario of the seed, through the services and through the API (cases/scenarios.yaml)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.test import Client

from madoguchi.core import clock
from madoguchi.api.counter import _card_out
from madoguchi.counter.models import Card
from madoguchi.counter.services.errors import BadInput, Refused

from .scenarios import DEFAULT_AT, arrange, call_service, check_then, scenarios

pytestmark = pytest.mark.django_db


def moment(scenario):
    at = scenario.get("at", DEFAULT_AT)
    at = datetime.fromisoformat(at) if isinstance(at, str) else at
    return at.replace(tzinfo=clock.TOKYO)


def card_changed(card_id: int, snapshot: dict) -> bool:
    return _snapshot(card_id) != snapshot


def _snapshot(card_id: int) -> dict:
    card = Card.objects.get(pk=card_id)
    return {
        "card": {f.name: getattr(card, f.name) for f in card._meta.fields if f.name != "updated_at"},
        "certs": sorted(card.certificates.values_list("kind", "status", "expires")),
        "pins": sorted(card.pin_counters.values_list("pin", "failures", "locked")),
        "cases": card.cases.count(),
    }


@pytest.mark.parametrize("scenario", scenarios())
def test_through_the_services(scenario):
    card = arrange(scenario)
    with clock.pinned(moment(scenario)):
        for step in scenario["steps"]:
            body = step.get("body", {})
            before = _snapshot(card.pk)
            if "refused" in step or "invalid" in step:
                error = Refused if "refused" in step else BadInput
                with pytest.raises(error) as e:
                    call_service(step["do"], card.pk, body)
                assert e.value.code == step.get("refused", step.get("invalid"))
                assert e.value.message_ja and e.value.message_en
                assert not card_changed(card.pk, before), "a refused action changed nothing"
                continue
            result = call_service(step["do"], card.pk, body)
            check_then(_card_out(result), step)
            if "old_card" in step:
                assert Card.objects.get(pk=card.replaces_id).status == step["old_card"]


@pytest.mark.parametrize("scenario", scenarios())
def test_through_the_api(scenario, api_token):
    card = arrange(scenario)
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    with clock.pinned(moment(scenario)):
        for step in scenario["steps"]:
            body = json.dumps(step.get("body", {}), default=str, ensure_ascii=False)
            response = client.post(f"/api/v1/cards/{card.pk}/actions/{step['do']}", body, content_type="application/json")
            payload = response.json()
            if "refused" in step:
                assert (response.status_code, payload["code"]) == (409, step["refused"])
                assert payload["message_ja"] and payload["message_en"]
            elif "invalid" in step:
                assert (response.status_code, payload["code"]) == (422, step["invalid"])
            else:
                assert response.status_code == 200, payload
                check_then(payload, step)
