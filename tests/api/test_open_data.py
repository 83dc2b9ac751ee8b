"""Open data: the next day with room, free seats per week with small counts
suppressed, the median minutes; unknown ids are a Problem; in the OpenAPI."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from madoguchi.booking.models import Slot
from madoguchi.booking.services.slots import open_slots
from madoguchi.core import clock

pytestmark = pytest.mark.django_db

URL = "/api/v1/open-data/availability"


@pytest.fixture
def now():
    with clock.pinned(datetime(2026, 12, 1, 10, 0, tzinfo=clock.TOKYO)):  # a Tuesday
        yield


def test_room_seats_and_minutes_with_small_counts_suppressed(now):
    open_slots("certificate-renewal", datetime(2026, 12, 1).date(), datetime(2026, 12, 6).date(), "citizen-division")
    Slot.objects.filter(date__lte=datetime(2026, 12, 3).date()).update(booked=1, capacity=1)  # full until Thursday
    body = Client().get(URL, {"office": "citizen-division", "procedure": "certificate-renewal"}).json()
    assert body["next_day_with_room"] == "2026-12-04"
    first, second = body["weeks"][:2]
    assert first["week_starting"] == "2026-11-30" and first["seats_free"] >= 10
    assert second["seats_free"] is None  # no slots opened: 0 is under the threshold, not published
    assert body["median_minutes"] == 25 and body["minutes_measured"] is False
    assert "name" not in str(body)


def test_few_free_seats_are_not_published(now):
    open_slots("certificate-renewal", datetime(2026, 12, 4).date(), datetime(2026, 12, 4).date(), "citizen-division")
    Slot.objects.update(capacity=1)
    Slot.objects.exclude(pk=Slot.objects.order_by("start").first().pk).update(booked=1)
    body = Client().get(URL, {"office": "citizen-division", "procedure": "certificate-renewal"}).json()
    assert body["weeks"][0]["seats_free"] is None and body["next_day_with_room"] == "2026-12-04"


@pytest.mark.parametrize("query, field", [
    ({"office": "nowhere", "procedure": "certificate-renewal"}, "office"),
    ({"office": "citizen-division", "procedure": "nothing"}, "procedure"),
])  # fmt: skip
def test_unknown_ids_are_a_problem(query, field):
    response = Client().get(URL, {**query, "lang": "en"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == field


def test_it_is_in_the_openapi_document():
    doc = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/open-data/availability" in doc["paths"]
