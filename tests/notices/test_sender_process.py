"""The mail sender as it runs in production: a process of its own (`madoguchi
notices sender`, started by `madoguchi serve`), a real SMTP server (aiosmtpd)
in this test, on the suite's database engine (a fresh SQLite file or a temporary
PostgreSQL database). A booking's mail arrives within seconds; the sender
stopped, killed and started again, or the mail server down and back, loses
nothing and sends nothing twice. The waits below are bounds for a shared
machine, not measurements."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time

import httpx
import pytest

from tests.booking.served import MADOGUCHI, ROOT, Served, fresh_database, server_env
from tests.conftest import _Inbox

pytestmark = pytest.mark.slow
PROCEDURE = "pin-reset"
WAIT = 90  # seconds: far above the ~1 s it takes, for a busy machine


def until(condition, what: str, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)


def run_python(env: dict[str, str], program: str) -> str:
    result = subprocess.run([MADOGUCHI[0], "-c", "import django; django.setup()\n" + program], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return result.stdout.strip()


def book(env: dict[str, str], n: int) -> str:
    """A booking made through the services in a process of its own; its reference."""
    return run_python(env, f"""
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services.visitor import Visitor
slot = Slot.objects.filter(procedure_id="{PROCEDURE}").order_by("date", "start").first()
print(bookings.book(Actor.public(), slot.pk, "{PROCEDURE}", Visitor("送信 花子{n}", "ソウシン ハナコ", "r{n}@example.jp", "", 1, "ja")).booking.reference)
""")


def notices(env: dict[str, str]) -> list[tuple[str, int]]:
    """(state, attempts) of every notice, in order, read straight from the database."""
    url = env["DATABASE_URL"]
    query = "SELECT state, attempts FROM notices_notice ORDER BY id"
    if url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)) as conn:
            return conn.execute(query).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture
def site(tmp_path):
    """A migrated database with slots, and the environment of a process on it."""
    with fresh_database(tmp_path) as url:
        def env_for(smtp_port: int, **extra: str) -> dict[str, str]:
            return server_env(url, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port),
                              MADOGUCHI_MAIL_POLL_SECONDS="0.2", **extra)

        served = Served(env_for(9))
        served.manage(["open_slots", "--procedure", PROCEDURE, "--from", "2026-11-24", "--to", "2026-11-25", "--seats", "50"])
        yield env_for


class Sender:
    def __init__(self, env: dict[str, str]):
        self.proc = subprocess.Popen([*MADOGUCHI, "notices", "sender", "--nice", "0"], env=env, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=30)


def subjects(inbox) -> list[str]:
    return [str(m["Subject"]) for m in inbox.messages]


def test_serve_starts_the_sender_and_a_booking_made_on_the_api_is_mailed_within_seconds(site):
    with _Inbox() as inbox:
        served = Served(site(inbox.port))
        served.start()
        try:
            slots = httpx.get(f"{served.url}/api/v1/slots", params={"procedure": PROCEDURE, "from": "2026-11-24", "to": "2026-11-25"}).json()
            answer = httpx.post(f"{served.url}/api/v1/bookings", json={
                "slot_id": slots[0]["id"], "procedure": PROCEDURE, "name": "送信 花子", "name_kana": "ソウシン ハナコ",
                "email": "hanako@example.jp", "party_size": 1})
            assert answer.status_code == 201
            reference = answer.json()["reference"]
            until(lambda: inbox.messages, "the confirmation mail")
        finally:
            served.stop()
        [message] = inbox.messages
        assert message["To"] == "hanako@example.jp" and reference in message["Subject"]
        assert notices(site(inbox.port)) == [("sent", 1)]


def test_a_sender_stopped_or_killed_and_started_again_loses_no_mail_and_sends_none_twice(site):
    with _Inbox() as inbox:
        env = site(inbox.port)
        sender = Sender(env)
        first = book(env, 1)
        until(lambda: len(inbox.messages) == 1, "the first mail")
        assert sender.stop() == 0  # SIGTERM: a clean stop

        second = book(env, 2)  # queued while no sender runs
        sender = Sender(env)
        until(lambda: len(inbox.messages) == 2, "the mail queued while the sender was stopped")
        # Killed once that mail is marked sent: a kill between the server's answer and the
        # mark leaves the mail `sending` for a clerk (never sent twice), which this test is not about.
        until(lambda: notices(env)[1:] == [("sent", 1)], "the second mail marked sent")
        sender.stop(signal.SIGKILL)

        third = book(env, 3)
        sender = Sender(env)
        until(lambda: len(inbox.messages) == 3, "the mail queued after the sender was killed")
        sender.stop()
        assert all(any(r in s for s in subjects(inbox)) for r in (first, second, third))
        assert sorted(m["To"] for m in inbox.messages) == ["r1@example.jp", "r2@example.jp", "r3@example.jp"]
        assert notices(env) == [("sent", 1)] * 3
        # The safety net finds nothing left to send.
        out = subprocess.run([*MADOGUCHI, "notices", "send-mail"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert "0 sent, 0 failed" in out.stdout
        assert len(inbox.messages) == 3


def test_the_mail_server_down_loses_nothing_and_the_sender_sends_when_it_is_back(site):
    inbox = _Inbox()  # its port chosen, nothing listening on it yet: the mail server is down
    env = site(inbox.port, MADOGUCHI_MAIL_RETRY_SECONDS="1")
    sender = Sender(env)
    try:
        first = book(env, 1)
        until(lambda: [s for s, _ in notices(env)] == ["failed"], "the first try to find the server down")
        second = book(env, 2)  # queued while the server is down
        with inbox:  # the server is back
            until(lambda: len(inbox.messages) == 2, "both mails once the server is back")
            assert sender.stop() == 0
        assert any(first in s for s in subjects(inbox)) and any(second in s for s in subjects(inbox))
        # The outage cost the first mail one attempt and the second none, however long it lasted.
        assert notices(env) == [("sent", 2), ("sent", 1)]
    finally:
        if sender.proc.poll() is None:
            sender.stop()
