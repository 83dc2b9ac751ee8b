"""/api/v1/slots and /api/v1/bookings as a client sees them (in-process)."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.booking.models import Booking, Slot

from ..conftest import OPEN_DAY, PROCEDURE

pytestmark = pytest.mark.django_db
BODY = {"procedure": PROCEDURE, "name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "taro@example.jp", "party_size": 1}


@pytest.fixture
def api() -> Client:
    return Client()


def post(api, path, body):
    return api.post(path, body, content_type="application/json")


def test_slots_lists_open_times_with_remaining(api, slot):
    response = api.get(f"/api/v1/slots?procedure={PROCEDURE}&from=2026-11-20&to=2026-11-24")
    assert response.status_code == 200
    rows = response.json()
    assert rows[0]["id"] == slot.pk and rows[0]["remaining"] == 4 and rows[0]["start"].startswith("2026-11-24T08:30")
    assert {r["start"][:10] for r in rows} == {OPEN_DAY.isoformat()}


@pytest.mark.parametrize("query, code", [("procedure=nope", "unknown_procedure"), ("procedure=suspend-lost-card", "not_bookable"),
                                         (f"procedure={PROCEDURE}&from=2026-12-01&to=2026-11-01", "range")])
def test_slots_bad_query_is_422_with_a_message(api, db, query, code):
    response = api.get(f"/api/v1/slots?{query}")
    assert response.status_code == 422 and response.json()["code"] == code and response.json()["message"]


def test_booking_201_then_409_for_the_last_seat_then_cancel(api, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1)
    created = post(api, "/api/v1/bookings?lang=en", {**BODY, "slot_id": slot.pk})
    assert created.status_code == 201
    body = created.json()
    assert body["reference"] == Booking.objects.get().reference and "/en/book/manage/" in body["cancel_url"]
    full = post(api, "/api/v1/bookings?lang=en", {**BODY, "slot_id": slot.pk})
    assert full.status_code == 409 and full.json()["code"] == "full" and "full" in full.json()["message"]
    token = body["cancel_url"].rstrip("/").rsplit("/", 1)[1]
    assert api.get(f"/api/v1/bookings/{token}").json()["status"] == "confirmed"
    cancelled = api.delete(f"/api/v1/bookings/{token}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert api.delete(f"/api/v1/bookings/{token}").status_code == 409
    assert api.delete("/api/v1/bookings/not-a-token").status_code == 404


def test_bad_input_is_422_naming_the_field(api, slot):
    response = post(api, "/api/v1/bookings", {**BODY, "slot_id": slot.pk, "email": "", "phone": None})
    assert response.status_code == 422 and response.json()["code"] == "contact_missing"
    assert "メールアドレスか電話番号" in response.json()["message"]
    assert post(api, "/api/v1/bookings", {"slot_id": "x"}).status_code == 422
    assert not Booking.objects.exists()


def test_overloaded_answers_503_with_retry_after_at_once(api, slot, settings):
    settings.BOOKING_CONCURRENT_WRITES = 1
    from madoguchi.booking import overload

    overload._gate = None
    gate = overload._semaphore()
    gate.acquire()  # another request holds the only place
    try:
        response = post(api, "/api/v1/bookings?lang=en", {**BODY, "slot_id": slot.pk})
    finally:
        gate.release()
        overload._gate = None
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "try again at about 10:01" in response.json()["message"]
    assert not Booking.objects.exists()


def test_the_api_is_documented(api, db):
    spec = api.get("/api/v1/openapi.json").json()
    assert {"/api/v1/slots", "/api/v1/bookings", "/api/v1/bookings/{token}", "/api/v1/pickup-bookings"} <= set(spec["paths"])
    assert {"201", "409", "422", "429", "503"} <= set(spec["paths"]["/api/v1/bookings"]["post"]["responses"])
