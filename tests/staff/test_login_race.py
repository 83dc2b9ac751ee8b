"""Parallel guesses at one account: the lock's check and the attempt's count are one step
(staff/throttle.py begin_attempt), so no more than the limit reach the password check.

Each attempt that reaches the password check waits there until every attempt has either
reached it or been refused: checking first and counting after the check, all of them
reached it (each saw no failure yet). Threads and their own connections: run on PostgreSQL
(DATABASE_URL); SQLite serialises its writers, which hides the race.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.core import clock
from madoguchi.staff import login
from madoguchi.staff.models import LoginThrottle

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=clock.TOKYO)
GUESSES = 12


def _guess_together(monkeypatch, username: str, passwords: list[str]) -> tuple[int, list[int]]:
    """Post the passwords at once from one address; how many reached the password check, and the statuses."""
    reached, arrived = [0], [0]
    everyone_in = threading.Event()
    counted = threading.Lock()
    mine = threading.local()
    real_authenticate = login.authenticate

    def arrive() -> None:
        with counted:
            arrived[0] += 1
            if arrived[0] == len(passwords):
                everyone_in.set()

    def authenticate(*args, **kwargs):
        mine.reached = True
        with counted:
            reached[0] += 1
        arrive()
        everyone_in.wait(60)  # a safety bound only: the event is set once every thread has arrived
        return real_authenticate(*args, **kwargs)

    monkeypatch.setattr(login, "authenticate", authenticate)
    statuses: list[int] = [0] * len(passwords)
    start = threading.Barrier(len(passwords))

    def attempt(i: int, password: str) -> None:
        mine.reached = False
        try:
            with clock.pinned(T0):
                start.wait()
                statuses[i] = Client(REMOTE_ADDR="203.0.113.7").post("/staff/login/", {"username": username, "password": password}).status_code
        finally:
            if not mine.reached:
                arrive()  # refused before the password check
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(passwords)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return reached[0], statuses


def test_parallel_wrong_passwords_get_no_more_guesses_than_the_limit(make_staff, monkeypatch, settings):
    member = make_staff()
    limit = settings.MADOGUCHI_LOGIN_MAX_FAILURES
    reached, statuses = _guess_together(monkeypatch, member.username, ["wrong-wrong-wrong"] * GUESSES)
    assert reached == limit  # the others were refused as locked before the password was checked
    assert statuses == [400] * GUESSES
    assert AuditEntry.objects.filter(action="login-failed").count() == limit
    pair = LoginThrottle.objects.get(username=member.username)
    assert pair.failures == limit and pair.locked_until is not None
    with clock.pinned(T0):
        right = Client(REMOTE_ADDR="203.0.113.7").post("/staff/login/", {"username": member.username, "password": member.password})
    assert right.status_code == 400 and "09:15" in right.content.decode()


def test_a_right_password_among_parallel_guesses_hands_its_attempt_back(make_staff, monkeypatch, settings):
    member = make_staff()
    limit = settings.MADOGUCHI_LOGIN_MAX_FAILURES
    reached, statuses = _guess_together(monkeypatch, member.username, [member.password] + ["wrong-wrong-wrong"] * (limit - 2))
    assert reached == limit - 1 and sorted(statuses) == [302] + [400] * (limit - 2)
    pair = LoginThrottle.objects.get(username=member.username)
    assert pair.failures == limit - 2 and pair.locked_until is None  # the right one is not a failure
