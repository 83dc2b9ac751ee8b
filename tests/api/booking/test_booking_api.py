"""/api/v1/slots and /api/v1/bookings as a client sees them (in-process)."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.booking.models import Booking, Slot

from tests.booking.conftest import OPEN_DAY, PROCEDURE

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


@pytest.mark.parametrize(
    ("name", "code", "says"),
    [
        ("小金井\x00太郎", "control", "control character"),
        ("小金井\t太郎", "control", "control character"),
        ("小金井\u202e太郎", "invisible", "right-to-left override"),
        ("小金井 1234.5678.9012", "my_number", "looks like a My Number"),  # dots; and any 12 digits in a name
        ("あ" * 101, "too_long", "at most 100 characters (101 were given)"),
    ],
)
def test_a_bad_name_is_told_what_is_wrong_with_it(api, slot, name, code, says):
    """Issue 11, finding 10: a NUL, an RTL override or a tab was answered "must be 100 characters or fewer",
    and 1234.5678.9012 passed the guard."""
    response = post(api, "/api/v1/bookings?lang=en", {**BODY, "slot_id": slot.pk, "name": name})
    assert response.status_code == 422 and response.json()["code"] == code and response.json()["field"] == "name"
    assert says in response.json()["message"] and "100 characters or fewer" not in response.json()["message"]
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
    assert {"/api/v1/slots", "/api/v1/bookings", "/api/v1/bookings/{token}", "/api/v1/pickup-bookings",
            "/api/v1/waiting-list", "/api/v1/waiting-list/{token}"} <= set(spec["paths"])
    assert {"get", "patch", "delete"} <= set(spec["paths"]["/api/v1/bookings/{token}"])
    assert {"201", "409", "422", "429", "503"} <= set(spec["paths"]["/api/v1/bookings"]["post"]["responses"])


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_full_answers_409_with_the_next_times_that_have_room(api, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    full = post(api, "/api/v1/bookings", {**BODY, "slot_id": slot.pk})
    assert full.status_code == 409
    alternatives = full.json()["alternatives"]
    assert len(alternatives) == 5 and slot.pk not in [a["id"] for a in alternatives]
    assert all(a["remaining"] >= 1 for a in alternatives)
    # The client books one of them straight away, with the same details.
    again = post(api, "/api/v1/bookings", {**BODY, "slot_id": alternatives[0]["id"]})
    assert again.status_code == 201 and again.json()["start"] == alternatives[0]["start"]


def test_a_booking_moves_with_its_secret_token(api, slot):
    created = post(api, "/api/v1/bookings", {**BODY, "slot_id": slot.pk}).json()
    token = _token(created["cancel_url"])
    later = Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).exclude(pk=slot.pk).order_by("start").first()
    moved = api.patch(f"/api/v1/bookings/{token}?lang=en", {"slot_id": later.pk}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["reference"] == created["reference"]
    assert moved.json()["start"].startswith(f"{OPEN_DAY.isoformat()}T{later.start:%H:%M}")
    assert Slot.objects.get(pk=slot.pk).booked == 0 and Slot.objects.get(pk=later.pk).booked == 1
    same = api.patch(f"/api/v1/bookings/{token}?lang=en", {"slot_id": later.pk}, content_type="application/json")
    assert same.status_code == 422 and same.json()["code"] == "same_slot"
    assert api.patch("/api/v1/bookings/nope", {"slot_id": later.pk}, content_type="application/json").status_code == 404


def test_the_waiting_list_through_the_api(api, slot):
    from madoguchi.booking.models import WaitingEntry

    open_room = post(api, "/api/v1/waiting-list?lang=en", {**BODY, "slot_id": slot.pk})
    assert open_room.status_code == 409 and open_room.json()["code"] == "not_full"
    Slot.objects.filter(pk=slot.pk).update(capacity=1)
    first = post(api, "/api/v1/bookings", {**BODY, "slot_id": slot.pk}).json()
    joined = post(api, "/api/v1/waiting-list", {**BODY, "slot_id": slot.pk, "name": "待ち 花子"})
    assert joined.status_code == 201 and joined.json()["status"] == "waiting" and joined.json()["position"] == 1
    waiting_token = _token(joined.json()["manage_url"])
    # The seat comes free: it goes to the one waiting, not to whoever asks next.
    api.delete(f"/api/v1/bookings/{_token(first['cancel_url'])}")
    assert post(api, "/api/v1/bookings", {**BODY, "slot_id": slot.pk}).status_code == 409
    now = api.get(f"/api/v1/waiting-list/{waiting_token}").json()
    assert now["status"] == "booked" and now["reference"] == Booking.objects.get(name="待ち 花子").reference
    assert WaitingEntry.objects.get().status == "booked"
    assert api.delete(f"/api/v1/waiting-list/{waiting_token}").status_code == 409


def test_leaving_the_waiting_list_and_no_waiting_list_for_pickups(api, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    joined = post(api, "/api/v1/waiting-list", {**BODY, "slot_id": slot.pk}).json()
    left = api.delete(f"/api/v1/waiting-list/{_token(joined['manage_url'])}")
    assert left.status_code == 200 and left.json()["status"] == "left" and left.json()["position"] is None
    from madoguchi.booking.services import slots as slot_services

    slot_services.open_slots("card-pickup", OPEN_DAY, OPEN_DAY)
    pickup_slot = Slot.objects.filter(procedure_id="card-pickup").first()
    Slot.objects.filter(pk=pickup_slot.pk).update(capacity=1, booked=1)
    refused = post(api, "/api/v1/waiting-list?lang=en", {**BODY, "procedure": "card-pickup", "slot_id": pickup_slot.pk})
    assert refused.status_code == 422 and refused.json()["code"] == "no_waiting_list" and "pickup deadline" in refused.json()["message"]


@pytest.mark.django_db
def test_the_openapi_says_which_calls_mail_the_resident(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, method in [("/api/v1/bookings", "post"), ("/api/v1/bookings/{token}", "delete"), ("/api/v1/bookings/{token}", "patch"),
                         ("/api/v1/waiting-list", "post"), ("/api/v1/waiting-list/{token}", "delete")]:
        assert "the resident is mailed" in paths[path][method]["description"], (path, method)


@pytest.mark.django_db
def test_a_booking_made_through_the_api_is_mailed_too(client, slot):
    from madoguchi.notices.models import Notice

    body = {"slot_id": slot.pk, "procedure": PROCEDURE, "name": "Emily Parker", "name_kana": "エミリー パーカー", "email": "emily@example.jp"}
    assert client.post("/api/v1/bookings?lang=en", body, content_type="application/json").status_code == 201
    notice = Notice.objects.get()
    assert (notice.kind, notice.language, notice.email) == ("booking-made", "en", "emily@example.jp")
