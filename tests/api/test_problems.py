"""Every API error is one Problem (RFC 9457, application/problem+json), documented so and answered so.

The framework's own errors included: an unreadable body (400), no token
(401), an unknown path (404), a method a path does not serve (405), a body
too large (413), request validation (422), a date beyond the calendar (422),
a server error (500); each in the language asked.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from madoguchi.api.main import build_api

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
REF = "#/components/schemas/Problem"
BOOKING = {"slot_id": 1, "procedure": "card-info-change", "name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "t@example.jp"}


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["status"], body["code"], body["type"]) == (status, code, "about:blank")
    assert body["title"] and body["detail"] == body["message"]
    return body


@pytest.mark.parametrize("surface", ["all", "public", "staff"])
def test_every_error_in_the_document_is_the_one_problem(surface, settings):
    settings.MADOGUCHI_SURFACE = surface
    document = build_api().get_openapi_schema(path_prefix="/api/v1/")
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "message"} <= set(problem["required"])
    errors = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"500", "503"} <= set(responses), (path, method)
            for status, response in responses.items():
                if status[0] in "45":
                    assert response["content"] == {PROBLEM: {"schema": {"$ref": REF}}}, (path, method, status)
                    errors += 1
    assert errors > 20  # the document has operations, and they have errors
    assert "ErrorOut" not in json.dumps(document) and "GuideError" not in json.dumps(document)


def test_the_served_document_says_so_too(client):
    document = client.get("/api/v1/openapi.json").json()
    booking = document["paths"]["/api/v1/bookings"]["post"]["responses"]
    assert {"400", "409", "413", "422", "500", "503"} <= set(booking)
    assert booking["409"]["content"][PROBLEM]["schema"]["$ref"] == REF


def test_an_unreadable_body_is_400(client):
    response = client.post("/api/v1/bookings?lang=en", "{not json", content_type="application/json")
    assert "not readable JSON" in _problem(response, 400, "unreadable_body")["detail"]


def test_an_unknown_path_is_404_in_the_language_asked(client):
    assert "/api/v1/docs" in _problem(client.get("/api/v1/no-such-thing?lang=en"), 404, "not_found")["detail"]
    assert "APIはありません" in _problem(client.get("/api/v2/slots"), 404, "not_found")["detail"]
    assert "API" in _problem(client.get("/api/v1/slots/extra", headers={"Accept-Language": "en-GB,en"}), 404, "not_found")["detail"]


def test_a_method_a_path_does_not_serve_is_405_with_allow(client):
    response = client.put("/api/v1/slots?lang=en", "{}", content_type="application/json")
    body = _problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET" and "PUT cannot be used" in body["detail"] and "GET" in body["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_is_413(client):
    big = json.dumps({**BOOKING, "name": "あ" * 2000})
    body = _problem(client.post("/api/v1/bookings?lang=en", big, content_type="application/json"), 413, "too_large")
    assert "at most 1000 bytes" in body["detail"]


def test_a_request_django_refuses_is_400_as_a_problem():
    body = _problem(Client(HTTP_HOST="evil.example").get("/api/v1/slots?lang=en"), 400, "bad_request")
    assert "cannot be accepted" in body["detail"]


def test_request_validation_is_422_naming_each_field_without_echoing_the_value(client):
    response = client.post("/api/v1/bookings?lang=en", json.dumps({**BOOKING, "slot_id": "x", "party_size": "123456789018"}),
                           content_type="application/json")
    body = _problem(response, 422, "invalid")
    assert body["field"] == "slot_id" and "slot_id" in body["detail"] and "party_size" in body["detail"]
    assert [e["loc"] for e in body["errors"]] == [["body", "body", "slot_id"], ["body", "body", "party_size"]]
    assert "123456789018" not in response.content.decode()  # a value typed (perhaps a My Number) is never echoed


def test_guide_validation_keeps_its_per_field_list(client):
    response = client.post("/api/v1/guide", json.dumps({"answers": "lost", "lang": "en"}), content_type="application/json")
    body = _problem(response, 422, "invalid")
    assert body["errors"][0]["loc"][-1] == "answers"


def test_a_date_beyond_the_calendar_is_422_not_a_server_error(client):
    response = client.get("/api/v1/slots", {"procedure": "card-info-change", "from": "9999-12-31", "lang": "en"})
    body = _problem(response, 422, "date_out_of_range")
    assert body["field"] == "from" and "out of the range" in body["detail"]


def test_no_token_is_401_with_the_challenge(client):
    response = client.post("/api/v1/cards/1/actions/report-found?lang=en", "{}", content_type="application/json")
    assert "token" in _problem(response, 401, "unauthorized")["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_server_error_is_500_as_a_problem_and_tells_nothing_of_the_cause(monkeypatch):
    from madoguchi.booking.services import slots

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals at db.internal:5432")

    monkeypatch.setattr(slots, "available", broken)
    response = Client(raise_request_exception=False).get("/api/v1/slots", {"procedure": "card-info-change", "lang": "en"})
    body = _problem(response, 500, "server_error")
    assert "try again later" in body["detail"] and "db.internal" not in response.content.decode()


def test_a_service_s_problem_keeps_the_members_clients_read(client):
    response = client.get("/api/v1/slots", {"procedure": "no-such-procedure"})
    body = _problem(response, 422, "unknown_procedure")
    assert body["field"] == "procedure" and body["retry_after"] is None
    missing = _problem(client.get("/api/v1/bookings/not-a-token?lang=easy"), 404, "not_found")
    assert missing["message"]


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.fixture
def client() -> Client:
    return Client()
