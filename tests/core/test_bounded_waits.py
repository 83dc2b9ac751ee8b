"""Every wait is bounded: a held lock is answered 503 + Retry-After in the user's language, soon, never a 500 or a hang.

Against a running `madoguchi serve` on the suite's engine, another
connection holds a lock (PostgreSQL: a row lock, a table lock, the audit
chain's advisory lock; SQLite: the database's write lock), and three kinds
of request run into it: a clerk's action on the card (a staff page), a
resident cancelling through the booking's secret link (a public page), and
the counter API. Each answers within the lock timeout (1 s here) plus the
machine's slack. Before this bound, the advisory lock kept secret-link pages
and staff actions waiting ~24 s, and a staff action on a locked card
answered a server error or hung, by what its pooled connection had served.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time

import httpx
import pyotp
import pytest

from tests.booking.served import ROOT, Served, fresh_database, server_env

pytestmark = pytest.mark.slow

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
LOCK_TIMEOUT_MS = 1000
BOUND_SECONDS = 8  # two bounded waits (a page's write and its session's) and a busy machine's slack; never 24 s or a hang
CHAIN_LOCK = 0x6D61646F  # madoguchi.audit.services._CHAIN_LOCK
PASSWORD = "correct horse battery staple"

SETUP = """
import json, django
django.setup()
from datetime import date
from django.core.management import call_command
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services.visitor import Visitor
from madoguchi.staff.services import create_api_token, create_staff
from tests.counter.conftest import make_card, make_resident

call_command("open_slots", "--procedure", "card-info-change", "--from", "2026-11-24", "--to", "2026-11-24", "--seats", "4")
admin = Actor("test", "administrator")
secret = create_staff(admin, username="tanaka", role="clerk", password=%(password)r).secret
_, token = create_api_token(admin, username="tanaka", name="terminal")
card = make_card(make_resident())
slot = Slot.objects.filter(procedure_id="card-info-change", date=date(2026, 11, 24)).order_by("start").first()
booked = bookings.book(Actor.public(), slot.pk, "card-info-change", Visitor("待機 花子", "タイキ ハナコ", "wait@example.jp", "", 1))
print(json.dumps({"secret": secret, "api_token": token, "card": card.pk, "booking": booked.booking.pk, "link": booked.token}))
"""


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("waits")) as url:
        yield url


@pytest.fixture(scope="module")
def city(database_url, tmp_path_factory):
    """A served city: a clerk logged in (a session), an API token, a resident's card and a booking's secret link."""
    env = server_env(database_url, tmp_path_factory.mktemp("data"), MADOGUCHI_DB_LOCK_TIMEOUT_MS=str(LOCK_TIMEOUT_MS))
    made = subprocess.run([sys.executable, "-c", SETUP % {"password": PASSWORD}], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=180)
    assert made.returncode == 0, made.stderr[-3000:]
    facts = json.loads(made.stdout.strip().splitlines()[-1])
    server = Served(env)
    server.start()
    clerk = httpx.Client(base_url=server.url, timeout=60)
    _log_in(clerk, facts["secret"])
    resident = httpx.Client(base_url=server.url, timeout=60)
    manage = resident.get(f"/en/book/manage/{facts['link']}/")
    asked = resident.get(f"/en/book/manage/{facts['link']}/cancel/")  # the page that asks once holds the form (and the CSRF cookie)
    assert manage.status_code == asked.status_code == 200
    facts.update(url=server.url, clerk=clerk, resident=resident)
    try:
        yield facts
    finally:
        clerk.close()
        resident.close()
        server.stop()


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _log_in(clerk: httpx.Client, secret: str) -> None:
    from datetime import datetime

    from tests.booking.served import SERVER_NOW

    page = clerk.get("/staff/login/")
    step = clerk.post("/staff/login/", data={"username": "tanaka", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page.text)})
    assert step.status_code == 302, step.text[:500]
    page = clerk.get(step.headers["Location"])
    code = pyotp.TOTP(secret).at(datetime.fromisoformat(SERVER_NOW))
    step = clerk.post("/staff/login/code/", data={"code": code, "csrfmiddlewaretoken": _csrf(page.text)})
    assert step.status_code == 302, step.text[:500]


# --- the three requests, each answered by a bounded wait ---


# A form may send the CSRF cookie's secret itself as its token: no page is
# fetched under the lock (which would itself wait, as it audits a read).
def staff_action(city) -> httpx.Response:
    clerk = city["clerk"]
    return clerk.post(f"/staff/cards/{city['card']}/do/suspend/",
                      data={"applicant_type": "self", "channel": "phone", "csrfmiddlewaretoken": clerk.cookies["csrftoken"]})


def secret_link_page(city) -> httpx.Response:
    resident = city["resident"]
    return resident.post(f"/en/book/manage/{city['link']}/cancel/", data={"csrfmiddlewaretoken": resident.cookies["csrftoken"]})


def api_action(city, action: str = "suspend") -> httpx.Response:
    return httpx.post(f"{city['url']}/api/v1/cards/{city['card']}/actions/{action}?lang=en", json={},
                      headers={"Authorization": f"Bearer {city['api_token']}"}, timeout=60)


def _nothing_was_done_and_the_lock_gone_all_answer(city) -> None:
    assert city["resident"].get(f"/en/book/manage/{city['link']}/").status_code == 200  # the booking still stands
    found = api_action(city, "report-found")  # locks the card; refused, as the card is not lost: it is still active
    assert (found.status_code, found.json()["code"]) == (409, "not_reported_lost"), found.text


def _answers_busy_within_the_bound(request, city) -> httpx.Response:
    started = time.monotonic()
    response = request(city)
    elapsed = time.monotonic() - started
    assert response.status_code == 503, (request.__name__, response.status_code, response.text[:800])
    assert response.headers["Retry-After"] == "30"
    assert elapsed < BOUND_SECONDS, (request.__name__, elapsed)
    return response


def _each_request_is_answered_busy(city) -> None:
    staff = _answers_busy_within_the_bound(staff_action, city)
    assert staff.headers["Content-Type"].startswith("text/html")
    assert "ただいま混み合っています" in staff.text and "Please try again at about 10:01" in staff.text  # staff pages: ja and en
    public = _answers_busy_within_the_bound(secret_link_page, city)
    assert public.headers["Content-Type"].startswith("text/html") and "try again at about 10:01" in public.text
    api = _answers_busy_within_the_bound(api_action, city)
    assert api.headers["Content-Type"] == "application/problem+json"
    body = api.json()
    assert (body["status"], body["code"], body["retry_after"]) == (503, "busy", 30)
    assert "try again at about 10:01" in body["detail"]


# --- PostgreSQL: each kind of lock ---


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL lock (the suite runs on SQLite)")
@pytest.mark.parametrize("kind", ["row", "table", "advisory"])
def test_a_held_postgresql_lock_is_answered_busy_within_the_bound(kind, city, database_url):
    import psycopg

    holder = psycopg.connect(database_url)
    try:
        if kind == "row":  # another clerk's transaction on the same card and booking
            holder.execute("SELECT 1 FROM counter_card WHERE id = %s FOR UPDATE", [city["card"]])
            holder.execute("SELECT 1 FROM booking_booking WHERE id = %s FOR UPDATE", [city["booking"]])
        elif kind == "table":  # e.g. a migration or a bulk job
            holder.execute("LOCK TABLE counter_card, booking_booking IN ACCESS EXCLUSIVE MODE")
        else:  # a long transaction that appended to the audit chain and has not committed
            holder.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        _each_request_is_answered_busy(city)
    finally:
        holder.rollback()
        holder.close()
    _nothing_was_done_and_the_lock_gone_all_answer(city)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's write lock (the suite runs on PostgreSQL)")
def test_sqlite_s_busy_timeout_is_answered_busy_within_the_bound(city, database_url):
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the database's write lock
        _each_request_is_answered_busy(city)
    finally:
        holder.rollback()
        holder.close()
    _nothing_was_done_and_the_lock_gone_all_answer(city)
