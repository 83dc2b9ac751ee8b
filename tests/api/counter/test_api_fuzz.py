"""Schemathesis on the counter's actions WITH a staff token, so that the bodies
are exercised (the project-wide fuzz runs without one and mostly meets 401):
never a 5xx, always a documented status and schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from madoguchi.wsgi import application

from tests.counter.conftest import make_card, make_resident

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# The API 1.0 names (deprecated) are the same endpoints with the same schemas:
# fuzzed without a token by tests/api/test_openapi_fuzz.py, and here once, by their names now.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(path_regex="/actions/").exclude(deprecated=True)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def token_and_card(api_token):
    card = make_card(make_resident())
    return api_token, card


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_actions_conform_with_a_token(case, token_and_card):
    token, card = token_and_card
    if "card_id" in (case.path_parameters or {}):
        case.path_parameters["card_id"] = card.pk  # a real card, so the rules (not a 404) answer
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
