"""The supervisors' pages: the windows now, and the estimates beside the actual waits."""

from __future__ import annotations

import pytest

from madoguchi.core import clock
from madoguchi.queue.services import calls, day_end, tickets

from ..staff.conftest import clerk_client, make_staff, supervisor_client  # noqa: F401 (fixtures)
from .conftest import CLERK, DAY, OFFICE, PICKUP, RENEW, at

pytestmark = pytest.mark.django_db


def test_only_supervisors_see_them(clerk_client):
    for url in ("/staff/queue/overview/", "/staff/queue/estimates/"):
        assert clerk_client.get(url).status_code == 403


def test_the_windows_page_shows_who_calls_what_and_the_waiting(supervisor_client):
    tickets.issue(CLERK, OFFICE, RENEW)
    tickets.issue(CLERK, OFFICE, RENEW)
    tickets.issue(CLERK, OFFICE, PICKUP)
    calls.call_next(CLERK, OFFICE, 2)
    page = supervisor_client.get("/staff/queue/overview/").content.decode()
    assert "窓口の状況" in page
    assert '<tr><th scope="row">2</th>' in page and "clerk1" in page and "A-001" in page
    assert "<td>1</td>" in page  # one renewal still waiting (and one pickup)


def test_the_estimates_page_shows_mean_and_p90_error_per_procedure_and_hour(supervisor_client):
    with clock.pinned(at("09:00")):
        tickets.issue(CLERK, OFFICE, RENEW)
        tickets.issue(CLERK, OFFICE, RENEW)
    with clock.pinned(at("09:10")):
        calls.call_next(CLERK, OFFICE, 1)
    with clock.pinned(at("09:40")):
        calls.call_next(CLERK, OFFICE, 1)
    page = " ".join(supervisor_client.get("/staff/queue/estimates/").content.decode().split()).replace("> <", "><")
    assert "<td>9:00</td><td>2</td><td>2</td><td>25.0</td><td>40.0</td><td>+18.5</td><td>27.0</td>" in page
    with clock.pinned(at("19:00")):
        day_end.close_day(CLERK)
    kept = supervisor_client.get(f"/staff/queue/estimates/?day={DAY.date()}").content.decode()
    assert "+18.5" in kept and "保存した数字" in kept
    bad = supervisor_client.get("/staff/queue/estimates/?day=yesterday").content.decode()
    assert "日付は 2026-11-24 の形で" in bad
