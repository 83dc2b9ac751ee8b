"""POST /api/v1/guide: the interview's outcome as JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.guide.conftest import LOST_OUTSIDE, PINNED_NOW


@pytest.fixture
def client(monkeypatch) -> Client:
    monkeypatch.setenv("MADOGUCHI_NOW", PINNED_NOW)
    return Client()


def post(client, body):
    return client.post("/api/v1/guide", json.dumps(body), content_type="application/json")


def test_outcome_as_json(client):
    response = post(client, {"answers": LOST_OUTSIDE, "lang": "ja"})
    assert response.status_code == 200
    outcome = response.json()["outcome"]
    assert [s["procedure_id"] for s in outcome["steps"]] == ["suspend-lost-card", "reissue-after-loss", "card-pickup"]
    assert [a["code"] for a in outcome["act_now"]] == ["call-suspension-line", "police-report"]
    assert "0120-95-0178" in [line["phone"] for line in outcome["suspension_lines"]]
    reissue = outcome["steps"][1]
    assert reissue["fee"]["total"] == 1000 and reissue["fee"]["total_without_optional"] == 800
    assert [d["date"] for d in reissue["next_open_days"]][:2] == ["2026-11-20", "2026-11-24"]
    assert [(d["date"], d["reasons"][0]["code"]) for d in reissue["closed_days"]] == [
        ("2026-11-22", "jlis_maintenance"), ("2026-11-23", "national_holiday")
    ]
    assert reissue["booking_url"] == "/ja/book/reissue-after-loss/"
    assert "police-report-number" in [r["document"] for r in reissue["requirements"]]


def test_after_closing_time_today_is_not_offered(client, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-20T17:00+09:00")  # Friday, the counter closes at 17:00
    response = post(client, {"answers": LOST_OUTSIDE, "lang": "ja"})
    reissue = next(s for s in response.json()["outcome"]["steps"] if s["procedure_id"] == "reissue-after-loss")
    assert reissue["next_open_days"][0]["date"] == "2026-11-24"


def test_incomplete_answers_return_the_next_question(client):
    body = post(client, {"answers": {"situation": "pin"}, "lang": "en"}).json()
    assert body["complete"] is False and body["outcome"] is None
    assert body["next_question"]["id"] == "pin_which"
    assert "signature-certificate" in [o["value"] for o in body["next_question"]["options"]]


def test_unknown_answer_is_a_400_in_the_chosen_language(client):
    response = post(client, {"answers": {"situation": "to-the-moon"}, "lang": "en"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    text = "“to-the-moon” is not one of the answers to this question. Please choose again."
    assert response.json() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": text,
        "code": "unknown_answer",
        "message": text,
        "field": "answers.situation",
        "retry_after": None,
        "question": "situation",
        "value": "to-the-moon",
    }


def test_the_document_describes_the_guide_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/guide"]["post"]
    assert set(operation["responses"]) >= {"200", "400"}


def test_easy_texts_come_without_reading_marks(client):
    body = post(client, {"answers": {"situation": "lost", "lost_where": "home", "lost_found": "not-found",
                                     "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self"}, "lang": "easy"}).json()
    text = json.dumps(body, ensure_ascii=False)
    assert "《" not in text and "<ruby>" not in text
    assert body["outcome"]["steps"][1]["name"] == "無くした 後の 新しい カード"
