"""The mail sender's loop (notices/services/sender.py) against a real SMTP server
(aiosmtpd): it sends what is pending, pauses when the server is down without
spending the other notices' attempts, and two senders racing send each mail once
(on PostgreSQL when the suite runs there: row locks, not SQLite's one writer)."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from django.db import connection

from madoguchi.audit.services import Actor
from madoguchi.booking.models import Slot
from madoguchi.booking.services import bookings
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.visitor import Visitor
from madoguchi.core import clock
from madoguchi.notices.models import Notice
from madoguchi.notices.services import sender

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=clock.TOKYO)
DAY = date(2026, 11, 24)
PROCEDURE = "pin-reset"
NOWHERE = {  # nothing listens on port 9 (discard): the mail server is down
    "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}
}


@pytest.fixture(autouse=True)
def pinned_now():
    with clock.pinned(NOW):
        yield


def book(n: int) -> str:
    """A booking with a mail address; its confirmation is queued, not sent (tests: not at once)."""
    slot = Slot.objects.filter(procedure_id=PROCEDURE, date=DAY).order_by("start")[n % 4]
    visitor = Visitor(f"送信 花子{n}", "ソウシン ハナコ", f"r{n}@example.jp", "", 1, "ja")
    return bookings.book(Actor.public(), slot.pk, PROCEDURE, visitor).booking.reference


@pytest.fixture
def open_day(db, settings):
    settings.MADOGUCHI_MAIL_SENDER_THREADS = 1  # the test's own connection: its rows are not committed
    slot_services.open_slots(PROCEDURE, DAY, DAY)
    Slot.objects.filter(procedure_id=PROCEDURE).update(capacity=1000)


def test_a_round_sends_every_pending_mail_once(open_day, smtp_inbox):
    references = [book(n) for n in range(3)]
    assert sender.send_due(retry_failed=False) == sender.Round(sent=3)
    assert sender.send_due(retry_failed=False) == sender.Round()
    assert sorted(m["To"] for m in smtp_inbox.messages) == ["r0@example.jp", "r1@example.jp", "r2@example.jp"]
    assert all(any(ref in m["Subject"] for m in smtp_inbox.messages) for ref in references)


def test_the_server_down_stops_the_round_and_spends_no_other_attempt(open_day, settings, smtp_inbox):
    working = settings.MAILERS
    settings.MAILERS = NOWHERE
    for n in range(3):
        book(n)
    assert sender.send_due(retry_failed=True) == sender.Round(not_sent=1, server_down=True)
    first, *others = Notice.objects.order_by("id")
    assert first.state == Notice.State.FAILED and first.attempts == 1
    assert all(n.state == Notice.State.PENDING and n.attempts == 0 for n in others)
    settings.MAILERS = working  # back
    assert sender.send_due(retry_failed=False) == sender.Round(sent=2)  # the failed one waits for its retry
    assert sender.send_due(retry_failed=True) == sender.Round(sent=1)
    assert len(smtp_inbox.messages) == 3
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.SENT}


def test_while_the_server_is_down_the_loop_tries_only_a_connection_then_sends(open_day, settings, smtp_inbox, monkeypatch):
    working = settings.MAILERS
    settings.MAILERS = NOWHERE
    settings.MADOGUCHI_MAIL_POLL_SECONDS = 0.01
    settings.MADOGUCHI_MAIL_RETRY_SECONDS = 0.01
    book(1)
    book(2)
    stop = threading.Event()
    probes: list[bool] = []
    real_probe, real_round = sender.mail_server_reachable, sender.send_due

    def probe() -> bool:
        probes.append(real_probe())
        if len(probes) == 3:
            settings.MAILERS = working  # the server is back before the fourth try
        return probes[-1]

    def round_(**kwargs):
        result = real_round(**kwargs)
        if Notice.objects.filter(state=Notice.State.SENT).count() == 2:
            stop.set()
        return result

    monkeypatch.setattr(sender, "mail_server_reachable", probe)
    monkeypatch.setattr(sender, "send_due", round_)
    sender.run(stop)  # this thread: the test database's connection
    assert probes == [False, False, False, True]
    first, second = Notice.objects.order_by("id")
    assert (first.state, first.attempts) == (Notice.State.SENT, 2)  # found it down, then sent
    assert (second.state, second.attempts) == (Notice.State.SENT, 1)  # the outage cost it nothing
    assert len(smtp_inbox.messages) == 2


@pytest.mark.django_db(transaction=True)
def test_two_sender_loops_racing_send_each_mail_exactly_once(settings, smtp_inbox):
    settings.MADOGUCHI_MAIL_POLL_SECONDS = 0.01
    slot_services.open_slots(PROCEDURE, DAY, DAY)
    Slot.objects.filter(procedure_id=PROCEDURE).update(capacity=1000)
    count = 40
    for n in range(count):
        book(n)
    connection.close()
    stop = threading.Event()
    rounds: dict[str, list[sender.Round]] = {"a": [], "b": []}
    real = sender.send_due

    def counted(**kwargs):
        result = real(**kwargs)
        rounds[threading.current_thread().name].append(result)
        return result

    def loop() -> None:
        with clock.pinned(NOW):
            sender.run(stop)
        connection.close()  # this thread's own

    sender.send_due = counted
    threads = [threading.Thread(target=loop, name=name) for name in rounds]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120  # a bound for a shared machine, not a measurement
        while Notice.objects.filter(state=Notice.State.SENT).count() < count and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        sender.send_due = real
    recipients = [m["To"] for m in smtp_inbox.messages]
    assert len(recipients) == count and len(set(recipients)) == count  # each once
    assert Notice.objects.filter(state=Notice.State.SENT).count() == count
    assert all(rounds[name] for name in rounds)  # both senders ran
    assert sum(r.sent for rs in rounds.values() for r in rs) == count
