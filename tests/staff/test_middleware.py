"""Staff sessions end after 15 idle minutes and, in any case, 9 hours after the login."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client

from madoguchi.core import clock

from .conftest import log_in

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 8, 30, tzinfo=clock.TOKYO)


@pytest.fixture
def client_at_t0(make_staff):
    client = Client()
    with clock.pinned(T0):
        log_in(client, make_staff())
    return client


def get_at(client: Client, moment: datetime, path: str = "/staff/"):
    with clock.pinned(moment):
        return client.get(path)


def test_activity_keeps_the_session_alive(client_at_t0):
    for minutes in (10, 20, 30, 40):
        assert get_at(client_at_t0, T0 + timedelta(minutes=minutes)).status_code == 200


def test_sixteen_idle_minutes_log_out_and_say_why(client_at_t0):
    response = get_at(client_at_t0, T0 + timedelta(minutes=16))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=%2Fstaff%2F&expired=1")
    assert get_at(client_at_t0, T0 + timedelta(minutes=17)).status_code == 302  # the session is gone
    page = get_at(client_at_t0, T0 + timedelta(minutes=17), response["Location"])
    assert "ログアウトしました" in page.content.decode()


def test_nine_hours_after_login_the_session_ends_even_when_busy(client_at_t0):
    moment = T0
    while moment < T0 + timedelta(hours=9):
        assert get_at(client_at_t0, moment).status_code == 200
        moment += timedelta(minutes=14)
    assert get_at(client_at_t0, T0 + timedelta(hours=9, minutes=1)).status_code == 302


def test_the_public_pages_are_not_watched(client_at_t0):
    assert get_at(client_at_t0, T0 + timedelta(hours=1), "/ja/").status_code == 200


def test_no_staff_page_is_cached_so_back_after_logout_shows_nothing(client_at_t0):
    response = get_at(client_at_t0, T0 + timedelta(minutes=1))
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in Client().get("/staff/login/")["Cache-Control"]
