"""Schemathesis fuzzes the whole API document: every endpoint, today's and later ones.

It reads /api/v1/openapi.json from the WSGI application, generates requests
from each operation's schema and fails on a server error (5xx) or a response
that does not match the documented status codes, content type and schema.
Examples are kept few so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from madoguchi.wsgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case):
    case.call_and_validate(checks=CHECKS)
