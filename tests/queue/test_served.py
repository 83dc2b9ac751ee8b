"""Real concurrent clients against a running `madoguchi serve` (granian: two WSGI worker
processes and the ASGI live server), on SQLite or PostgreSQL as the suite runs.

Ticket numbers stay unique and gap-free while many issue at once; two clerks
pressing "call next" together never get the same ticket; a call made through
one process reaches a screen streaming from another within a second.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import httpx
import pytest

from ..booking.served import ROOT, Served, free_port, fresh_database, server_env

pytestmark = pytest.mark.slow
OFFICE = "citizen-division"
RENEW = "certificate-renewal"  # group A; windows 1 and 2 both call it
PICKUP = "card-pickup"  # group B; windows 3 and 4 both call it
CHANGE = "card-info-change"  # group D; windows 1 and 5
CLIENTS = 12

MAKE_TOKEN = """
import django; django.setup()
from madoguchi.audit.services import Actor
from madoguchi.staff.services import create_api_token, create_staff
admin = Actor("test", "administrator")
create_staff(admin, username="kiosk", role="clerk", password="correct horse battery staple")
print(create_api_token(admin, username="kiosk", name="ticket machine")[1])
"""


@pytest.fixture(scope="module")
def served_database(tmp_path_factory):
    """One server for the module (each test uses its own group's numbers)."""
    with fresh_database(tmp_path_factory.mktemp("queue-served")) as url:
        yield url


@pytest.fixture(scope="module")
def server(served_database, tmp_path_factory):
    live_port = free_port()
    served = Served(server_env(served_database, tmp_path_factory.mktemp("queue-data"), MADOGUCHI_LIVE_PORT=str(live_port),
                               QUEUE_POLL_SECONDS="0.1"))
    token = subprocess.run([sys.executable, "-c", MAKE_TOKEN], env=served.env, cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=120).stdout.strip().splitlines()[-1]
    served.start()
    served.live = f"http://127.0.0.1:{live_port}"
    served.headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(served.live + "/", timeout=2).status_code == 404:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield served
    served.stop()


def _together(n: int, work) -> list[tuple[float, float]]:
    """Run work(i) in n threads released at once; return each one's (start, end)."""
    barrier = threading.Barrier(n)
    spans: list[tuple[float, float]] = [(0.0, 0.0)] * n

    def run(i: int) -> None:
        barrier.wait()
        start = time.monotonic()
        work(i)
        spans[i] = (start, time.monotonic())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return spans


def _overlapping(spans: list[tuple[float, float]]) -> int:
    """The most requests that were in flight at one moment."""
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    most = now = 0
    for _, d in events:
        now += d
        most = max(most, now)
    return most


def test_numbers_stay_unique_and_gap_free_when_many_issue_at_once(server):
    numbers: list[str] = []
    lock = threading.Lock()
    spans: list[tuple[float, float]] = []

    def issue(i: int) -> None:
        with httpx.Client(base_url=server.url, headers=server.headers, timeout=30) as http:
            for _ in range(5):
                start = time.monotonic()
                response = http.post("/api/v1/queue/tickets", json={"office": OFFICE, "procedure": RENEW})
                assert response.status_code == 201, response.text
                with lock:
                    numbers.append(response.json()["number"])
                    spans.append((start, time.monotonic()))

    _together(CLIENTS, issue)
    assert _overlapping(spans) > 1, "the issues should have run at the same time"
    assert sorted(numbers) == [f"A-{n:03d}" for n in range(1, CLIENTS * 5 + 1)]


def test_two_clerks_pressing_call_next_together_never_get_the_same_ticket(server):
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=30) as http:
        issued = [http.post("/api/v1/queue/tickets", json={"procedure": PICKUP}).json()["number"] for _ in range(36)]
    called: list[str] = []
    lock = threading.Lock()
    spans: list[tuple[float, float]] = []

    def clerk(i: int) -> None:
        window = 3 + i % 2  # two windows, several terminals each
        with httpx.Client(base_url=server.url, headers=server.headers, timeout=30) as http:
            while True:
                start = time.monotonic()
                response = http.post(f"/api/v1/queue/windows/{window}/call-next")
                if response.status_code == 409:
                    assert response.json()["code"] == "nothing_waiting"
                    return
                assert response.status_code == 200, response.text
                with lock:
                    called.append(response.json()["number"])
                    spans.append((start, time.monotonic()))

    _together(6, clerk)
    assert _overlapping(spans) > 1, "the calls should have run at the same time"
    assert len(called) == len(set(called)) == len(issued)
    assert sorted(called) == sorted(issued)


def _group(state: dict, letter: str) -> dict:
    return next(g for g in state["groups"] if g["group"] == letter)


def test_a_call_reaches_a_live_screen_within_a_second(server):
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=30) as http:
        number = http.post("/api/v1/queue/tickets", json={"procedure": CHANGE}).json()["number"]
    seen: list[tuple[float, dict]] = []
    ready = threading.Event()

    def watch() -> None:
        with httpx.stream("GET", f"{server.live}/live/queue/{OFFICE}/display", timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    seen.append((time.monotonic(), json.loads(line[6:])))
                    ready.set()
                    if number in _group(seen[-1][1], "D")["now_calling"]:
                        return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert ready.wait(30), "the stream should send the state at once"
    assert _group(seen[0][1], "D")["waiting"] == 1 and not _group(seen[0][1], "D")["now_calling"]
    time.sleep(0.5)
    pressed = time.monotonic()
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=30) as http:
        assert http.post("/api/v1/queue/windows/5/call-next").status_code == 200
    answered = time.monotonic()  # the call is committed
    watcher.join(timeout=10)
    at, state = seen[-1]
    assert number in _group(state, "D")["now_calling"]
    print(f"\nlive screen: {at - answered:.3f} s after the call's answer ({at - pressed:.3f} s after the press)")
    assert at - answered < 1.0, f"the screen saw the call {at - answered:.2f} s after it was made"


STREAMS = 40  # well above what the live process's few threads would hold if each stream kept one


def _connections(database_url: str) -> int:
    """Open connections to the served database (PostgreSQL's own count)."""
    import dj_database_url
    import psycopg

    c = dj_database_url.parse(database_url)
    with psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [c["NAME"]]).fetchone()[0]


def test_open_streams_do_not_hold_database_connections(server, served_database):
    """The fix in queue/views/public.py::_sse: a stream closes its request thread's
    connection before it streams. Without it each open screen kept one connection,
    and 100 screens exhausted PostgreSQL (bench/queue, 1 December 2026)."""
    if not served_database.startswith("postgres"):
        pytest.skip("PostgreSQL counts its connections; SQLite has none to exhaust")
    with httpx.stream("GET", f"{server.live}/live/queue/{OFFICE}/display", timeout=30) as warm:
        next(line for line in warm.iter_lines() if line.startswith("data: "))  # the live process is up and listening
    before = _connections(served_database)
    opened = threading.Barrier(STREAMS + 1, timeout=120)
    release = threading.Event()

    def screen() -> None:
        with httpx.stream("GET", f"{server.live}/live/queue/{OFFICE}/display", timeout=120) as response:
            next(line for line in response.iter_lines() if line.startswith("data: "))  # the stream has its state
            opened.wait()
            release.wait(120)

    threads = [threading.Thread(target=screen, daemon=True) for _ in range(STREAMS)]
    for t in threads:
        t.start()
    try:
        opened.wait()
        during = _connections(served_database)
    finally:
        release.set()
        for t in threads:
            t.join(timeout=30)
    print(f"\nPostgreSQL connections: {before} before, {during} with {STREAMS} streams open")
    assert during - before < 10, f"{during - before} more connections with {STREAMS} streams open"
