"""The queue's API: public waits, and the staff actions with a bearer token."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.queue.models import Ticket

from tests.counter.conftest import api_token  # noqa: F401 (fixture)
from tests.queue.conftest import OFFICE, PICKUP, RENEW, book

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(api_token):  # noqa: F811
    client = Client(headers={"Authorization": f"Bearer {api_token}"})

    def post(path: str, body: dict | None = None):
        return client.post(f"/api/v1/queue{path}", body or {}, content_type="application/json")

    return post


def test_staff_endpoints_need_the_token():
    response = Client().post("/api/v1/queue/tickets", {"procedure": RENEW}, content_type="application/json")
    assert response.status_code == 401 and not Ticket.objects.exists()


def test_a_ticket_machines_day(staff):
    first = staff("/tickets", {"office": OFFICE, "procedure": RENEW})
    assert first.status_code == 201
    body = first.json()
    assert body["number"] == "A-001" and body["position"] == 0 and body["kind"] == "walk-in"
    assert body["ticket_url"].startswith("http://testserver/ja/queue/t/")
    second = staff("/tickets", {"procedure": RENEW}).json()
    assert (second["number"], second["position"], second["estimated_wait_minutes"]) == ("A-002", 1, 13)

    called = staff("/windows/2/call-next").json()
    assert (called["number"], called["state"], called["window"]) == ("A-001", "called", 2)
    assert staff("/tickets/A-001/recall").json()["state"] == "called"
    assert staff("/tickets/a-001/start").json()["state"] == "serving"
    assert staff("/tickets/A-001/done").json()["state"] == "done"
    moved = staff("/tickets/A-002/transfer", {"procedure": PICKUP}).json()
    assert (moved["number"], moved["procedure"], moved["state"]) == ("A-002", PICKUP, "waiting")
    assert staff("/windows/3/call-next").json()["number"] == "A-002"
    assert staff("/tickets/A-002/skip").json()["state"] == "skipped"

    waits = Client().get("/api/v1/queue", {"office": OFFICE}).json()
    assert [g["group"] for g in waits] == ["A", "B", "C", "D"]
    assert set(waits[0]) == {"group", "procedures", "waiting", "estimated_wait_minutes", "now_calling"}


def test_a_walk_in_may_leave_a_mail_address_for_the_near_turn_mail(staff):
    body = staff("/tickets?lang=en", {"procedure": RENEW, "email": "hanako@example.jp"}).json()
    ticket = Ticket.objects.get(letter=body["number"][0], number=int(body["number"][2:]))
    assert (ticket.email, ticket.lang) == ("hanako@example.jp", "en")
    assert ticket.near_told_at is not None  # nobody ahead: told on the ticket itself, no mail


def test_a_bad_mail_address_issues_no_ticket(staff):
    response = staff("/tickets", {"procedure": RENEW, "email": "hanako@example"})
    assert response.status_code == 422 and response.json()["field"] == "email" and response.json()["message"]
    assert "hanako" not in response.json()["message"] and not Ticket.objects.exists()


def test_a_booking_reference_checks_in_and_issues(staff):
    confirmation = book("09:00")
    body = staff("/tickets", {"booking_reference": confirmation.booking.reference}).json()
    assert body["kind"] == "booked" and body["number"] == "A-001"
    confirmation.booking.refresh_from_db()
    assert confirmation.booking.status == "checked_in"


def test_a_booking_reference_typed_in_full_width_without_its_hyphen_checks_in(staff):
    confirmation = book("09:00")
    typed = "".join(chr(ord(c) + 0xFEE0) for c in confirmation.booking.reference.lower().replace("-", ""))  # ａｂｃｄｅｆ２３
    assert staff("/tickets", {"booking_reference": typed}).json()["kind"] == "booked"
    confirmation.booking.refresh_from_db()
    assert confirmation.booking.status == "checked_in"


@pytest.mark.parametrize("path, body, status, code", [
    ("/tickets", {"procedure": "suspend-lost-card"}, 422, "unknown_procedure"),
    ("/tickets", {"office": "nowhere", "procedure": RENEW}, 404, "unknown_office"),
    ("/tickets", {"booking_reference": "ZZZZ-ZZZZ"}, 404, "booking_not_found"),
    ("/windows/99/call-next", None, 404, "unknown_window"),
    ("/windows/1/call-next", None, 409, "nothing_waiting"),
    ("/tickets/A-999/done", None, 404, "not_found"),
    ("/tickets/12/done", None, 422, "bad_number"),
])
def test_refusals_say_what_is_wrong(staff, path, body, status, code):
    response = staff(path, body)
    assert response.status_code == status and response.json()["code"] == code and response.json()["message"]
    assert not Ticket.objects.exists()


def test_english_messages_on_request(staff):
    response = staff("/windows/1/call-next?lang=en")
    assert response.json()["message"].startswith("Nobody is waiting")


def test_the_openapi_lists_the_queue():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/queue" in paths and "/api/v1/queue/windows/{window}/call-next" in paths
    assert "/api/v1/queue/tickets/{number}/transfer" in paths
