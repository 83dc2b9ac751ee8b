"""The lockouts against a running `madoguchi serve`, behind a reverse proxy.

The test plays nginx: the server trusts 127.0.0.1 (MADOGUCHI_TRUSTED_PROXIES),
and each request carries X-Forwarded-For as nginx's $proxy_add_x_forwarded_for
builds it: whatever the client wrote, then the address nginx saw. Found by a
probe (issue 11): with the old setting the client's own leftmost entry was
taken, and 58 wrong birth dates for one notice number, or 40 wrong staff
passwords, never locked. On the engine the suite runs on.
"""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.booking.served import ROOT, Served, server_env

pytestmark = pytest.mark.slow
NOTICE, BIRTH = "K2026000777", "1988-03-03"
STAFF, PASSWORD = "lockout-clerk", "a-long-enough-password-7"
ATTEMPTS = 40

SEED = f"""
import django; django.setup()
from datetime import date
from madoguchi.audit.services import Actor
from madoguchi.booking.services.pickups import register_arrival
from madoguchi.staff.services import create_staff
register_arrival(notice_number="{NOTICE}", birth_date=date(1988, 3, 3), holder_name="小金井 花子", office_id=None,
                 pickup_deadline=date(2026, 12, 1), card_ref=None)
create_staff(Actor.system(), username="{STAFF}", role="clerk", password="{PASSWORD}")
"""


@pytest.fixture
def behind_proxy(served_database, tmp_path):
    env = server_env(served_database, tmp_path, MADOGUCHI_TRUSTED_PROXIES="127.0.0.1")
    seeded = subprocess.run([sys.executable, "-c", SEED], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    server = Served(env, workers=1)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _via_nginx(client_wrote: str, nginx_saw: str) -> dict[str, str]:
    return {"X-Forwarded-For": f"{client_wrote}, {nginx_saw}"}


def _pickup(http: httpx.Client, headers: dict[str, str], number: str, birth: str) -> httpx.Response:
    body = {"notice_number": number, "birth_date": birth, "slot_id": 1, "name": "小金井 花子", "name_kana": "コガネイ ハナコ",
            "phone": "090-0000-0000"}
    return http.post("/api/v1/pickup-bookings", json=body, headers=headers, params={"lang": "en"})


def test_rotating_x_forwarded_for_locks_within_the_limit(behind_proxy, settings):
    limit = settings.BOOKING_PICKUP_MAX_FAILURES
    with httpx.Client(base_url=behind_proxy.url, timeout=30) as http:
        # One attacker, writing a new address each time: nginx appends the real one.
        answers = [_pickup(http, _via_nginx(f"198.51.100.{n}", "203.0.113.9"), NOTICE if n % 2 else f"K20260{n:05d}", f"19{n % 90 + 10}-01-01")
                   for n in range(ATTEMPTS)]
        codes = [a.json()["code"] for a in answers]
        assert codes[: limit - 1] == ["wrong_pair"] * (limit - 1)
        assert all(a.status_code == 429 for a in answers[limit - 1 :]), codes
        # Even the right pair is refused now, from that address ...
        right = _pickup(http, _via_nginx("198.51.100.250", "203.0.113.9"), NOTICE, BIRTH)
        assert right.status_code == 429

        # ... and the number, tried from many real addresses, is locked for every client.
        for n in range(limit):
            _pickup(http, _via_nginx("10.9.9.9", f"192.0.2.{n}"), NOTICE, "1950-01-01")
        resident = _pickup(http, _via_nginx("", "198.18.0.1"), NOTICE, BIRTH)
        assert resident.status_code == 429 and resident.json()["code"] == "number_locked"
        assert "phone the Citizen Division (042-387-9830)" in resident.json()["message"]


def test_staff_login_with_rotating_x_forwarded_for_locks_within_the_limit(behind_proxy, settings):
    limit = settings.MADOGUCHI_LOGIN_MAX_FAILURES
    with httpx.Client(base_url=behind_proxy.url, timeout=30) as http:
        page = http.get("/staff/login/")
        token = page.cookies["csrftoken"]
        for n in range(ATTEMPTS):
            http.post("/staff/login/", data={"username": STAFF, "password": f"wrong-{n}", "csrfmiddlewaretoken": token},
                      headers=_via_nginx(f"198.51.100.{n}", "203.0.113.9"))
        right = http.post("/staff/login/", data={"username": STAFF, "password": PASSWORD, "csrfmiddlewaretoken": token},
                          headers=_via_nginx("198.51.100.251", "203.0.113.9"))
        assert right.status_code == 400 and "Too many failed attempts" in right.text
        # A clerk at another address is not locked out by it.
        other = httpx.Client(base_url=behind_proxy.url, timeout=30)
        token = other.get("/staff/login/").cookies["csrftoken"]
        counter = other.post("/staff/login/", data={"username": STAFF, "password": PASSWORD, "csrfmiddlewaretoken": token},
                             headers=_via_nginx("", "192.168.10.10"))
        other.close()
        assert counter.status_code == 302
    assert limit < ATTEMPTS  # locked well within the attempts made
