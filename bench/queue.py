"""Live queue screens under load: N open event streams while a clerk calls once a second.

    python -m bench queue [--connections 500] [--calls 20] [--engines postgresql,sqlite] [--tiny]

For each engine, a scratch database (PostgreSQL: created and dropped; SQLite:
a file in a temporary folder) and `madoguchi serve` on 127.0.0.1 with its
live ASGI server on --port + 1 (docs/adr/0013), production settings as behind
the city's HTTPS proxy. CONNECTIONS server-sent-event streams are opened, most
to the lobby display (/live/queue/<office>/display), a share to residents'
phone pages (/live/queue/ticket/<token>/ja) of tickets waiting in another
group. A clerk then calls once a second through the staff API
(POST /api/v1/queue/windows/5/call-next) CALLS times. Measured, per call: the
time from the call's answer to the LAST stream seeing the new state (a display
showing the number called; a phone an event with a newer version); printed as
p50 and p99 over the calls, beside a plain page's latency (GET /healthz/live,
sampled through the same run). Target: p99 < 1 s. Bounded: --time-limit
seconds per engine; the servers are always stopped. docs/queue.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .booking import PROXY_HEADERS, _env
from .machine import print_header
from .scratch import PG_ADMIN, free_port, postgres_database, serving

ROOT = Path(__file__).resolve().parents[1]
OFFICE = "citizen-division"
CALLED = "card-info-change"  # group D; window 5 calls it (city data: queue.yaml)
WAITING = "card-pickup"  # group B; the phones' tickets, never called in the run
WINDOW = 5
TARGET_S = 1.0

MAKE_TOKEN = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from madoguchi.audit.services import Actor
from madoguchi.staff.services import create_api_token, create_staff
admin = Actor("bench", "administrator")
create_staff(admin, username="bench-clerk", role="clerk", password="correct horse battery staple")
print(create_api_token(admin, username="bench-clerk", name="queue bench")[1])
"""


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(p / 100 * len(s)))]


class Screen:
    """One open stream: the last state it received and when."""

    def __init__(self, path: str, display: bool) -> None:
        self.path = path
        self.display = display
        self.version = -1
        self.seen: dict[int, float] = {}  # version -> first time seen
        self.called: dict[str, float] = {}  # number shown as called -> first time seen
        self.opened = asyncio.Event()
        self.failed: str | None = None

    def take(self, version: int, data: dict) -> None:
        now = time.perf_counter()
        self.version = version
        self.seen.setdefault(version, now)
        if self.display:
            for group in data.get("groups", []):
                for number in group.get("now_calling", []):
                    self.called.setdefault(number, now)
        self.opened.set()

    def saw(self, number: str, before: int) -> float | None:
        """When this screen first saw the call: its number (display) or a version newer than `before` (phone)."""
        if self.display:
            return self.called.get(number)
        newer = [t for v, t in self.seen.items() if v > before]
        return min(newer) if newer else None


async def _watch(http, live: str, screen: Screen) -> None:
    import aiohttp

    try:
        async with http.get(live + screen.path, timeout=aiohttp.ClientTimeout(total=None, sock_connect=30)) as response:
            if response.status != 200:
                screen.failed = f"HTTP {response.status}"
                screen.opened.set()
                return
            version, data = None, None
            async for raw in response.content:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("id: "):
                    version = int(line[4:])
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line == "" and version is not None and data is not None:
                    screen.take(version, data)
                    version, data = None, None
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
        screen.failed = type(e).__name__
        screen.opened.set()


async def _plain(http, url: str, stop: asyncio.Event, out: list[float]) -> None:
    """GET /healthz/live four times a second while the run lasts."""
    while not stop.is_set():
        t0 = time.perf_counter()
        async with http.get(url + "/healthz/live", headers=PROXY_HEADERS) as response:
            await response.read()
            if response.status == 200:
                out.append(time.perf_counter() - t0)
        await asyncio.sleep(0.25)


async def _run(url: str, live: str, token: str, connections: int, calls: int, phones: int, open_limit: float) -> dict:
    import aiohttp

    auth = {"Authorization": f"Bearer {token}", **PROXY_HEADERS}
    connector = aiohttp.TCPConnector(limit=connections + 8)
    async with aiohttp.ClientSession(connector=connector, headers=PROXY_HEADERS, timeout=aiohttp.ClientTimeout(total=30)) as http:
        for _ in range(calls):
            async with http.post(url + "/api/v1/queue/tickets", json={"office": OFFICE, "procedure": CALLED}, headers=auth) as r:
                assert r.status == 201, await r.text()
        tokens = []
        for _ in range(phones):
            async with http.post(url + "/api/v1/queue/tickets", json={"office": OFFICE, "procedure": WAITING}, headers=auth) as r:
                assert r.status == 201, await r.text()
                tokens.append(re.search(r"/queue/t/([^/]+)/", (await r.json())["ticket_url"]).group(1))
        screens = [Screen(f"/live/queue/ticket/{tokens[i % len(tokens)]}/ja", False) if i < phones
                   else Screen(f"/live/queue/{OFFICE}/display", True) for i in range(connections)]
        watchers = [asyncio.create_task(_watch(http, live, s)) for s in screens]
        t0 = time.perf_counter()
        # Streams still not open after open_limit seconds count as failed.
        await asyncio.wait([asyncio.create_task(s.opened.wait()) for s in screens], timeout=open_limit)
        opened = time.perf_counter() - t0
        for s in screens:
            if not s.opened.is_set():
                s.failed = f"not open after {open_limit:.0f} s"
        failed = [s.failed for s in screens if s.failed]
        if len(failed) == len(screens):
            raise RuntimeError(f"no stream opened: {failed[0]}")
        stop = asyncio.Event()
        plain: list[float] = []
        sampler = asyncio.create_task(_plain(http, url, stop, plain))
        await asyncio.sleep(1.0)

        lags: list[float] = []
        missed = 0
        errors: list[int] = []
        call_ms: list[float] = []
        for _ in range(calls):
            tick = time.perf_counter()
            before = max(s.version for s in screens)
            async with http.post(f"{url}/api/v1/queue/windows/{WINDOW}/call-next", headers=auth) as r:
                body = await r.json(content_type=None)
            answered = time.perf_counter()
            if r.status != 200:  # counted, and the clerk presses again next second
                errors.append(r.status)
                await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))
                continue
            call_ms.append(answered - tick)
            number = body["number"]
            # Wait (at most 10 s) for every open stream to see it.
            live_screens = [s for s in screens if not s.failed]
            while time.perf_counter() - answered < 10:
                if all(s.saw(number, before) is not None for s in live_screens):
                    break
                await asyncio.sleep(0.01)
            seen = [s.saw(number, before) for s in live_screens]
            if any(t is None for t in seen):
                missed += 1
                lags.append(float("inf"))
            else:
                # From the press, not from the call's answer: a screen may see the call
                # before the clerk's own answer is read, which gave negative lags on a busy machine.
                lags.append(max(seen) - tick)
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))
        stop.set()
        await sampler
        dropped = sum(1 for s in screens if s.failed) - len(failed)
        for w in watchers:
            w.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
    return {"errors": errors, "opened": opened, "failed": failed, "dropped": dropped, "lags": lags, "missed": missed,
            "plain": plain, "call": call_ms}


def _engine(engine: str, args: argparse.Namespace) -> dict:
    with contextlib.ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-queue-")))
        if engine == "postgresql":
            db_url = stack.enter_context(postgres_database("queue", args.postgres))
        else:
            db_url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
        env = _env(db_url, data_dir)
        done = subprocess.run([sys.executable, "-c", MAKE_TOKEN], env=env, cwd=ROOT, capture_output=True, text=True,
                              check=True, timeout=300)
        token = done.stdout.strip().splitlines()[-1]
        live_port = free_port()
        serve_args = ["--workers", str(args.workers), "--live-port", str(live_port), "--settings", env["DJANGO_SETTINGS_MODULE"]]
        with serving(env, *serve_args, ready_path="/healthz/live", headers=PROXY_HEADERS) as (proc, url):
            live = f"http://127.0.0.1:{live_port}"
            _wait_live(live)
            print(f"server: madoguchi serve --workers {args.workers} (granian WSGI) + live ASGI server on {live_port}; "
                  f"production settings; {engine}", flush=True)
            return asyncio.run(asyncio.wait_for(
                _run(url, live, token, args.connections, args.calls, max(1, args.connections * args.phones // 100),
                     args.open_limit),
                args.time_limit))


def _wait_live(live: str, timeout: float = 60) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(live + "/", timeout=2)
        except urllib.error.HTTPError as e:
            if e.code == 404:  # it answers: it serves /live/ only
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the live server on {live} did not answer in {timeout:.0f} s")


def _report(engine: str, r: dict, args: argparse.Namespace) -> bool:
    lags = r["lags"]
    p50, p99 = _pct(lags, 50), _pct(lags, 99)
    ok = not r["failed"] and not r["errors"] and r["missed"] == 0 and p99 < TARGET_S
    print(f"\n-- {engine} --")
    print(f"streams open         {args.connections - len(r['failed'])} of {args.connections} in {r['opened']:.1f} s"
          f" ({(args.connections - len(r['failed'])) / r['opened']:.1f}/s)"
          f" ({max(1, args.connections * args.phones // 100)} phones, the rest displays); failed {len(r['failed'])}, "
          f"dropped during the run {r['dropped']}")
    if r["failed"]:
        print(f"failed streams       {', '.join(f'{why} x{n}' for why, n in Counter(r['failed']).most_common())}")
    print(f"calls                {len(lags)} (one a second), answered p50 {_pct(r['call'], 50) * 1000:.0f} ms; "
          f"failed calls {len(r['errors'])} {sorted(set(r['errors']))}")
    print(f"call -> last screen  p50 {p50 * 1000:.0f} ms / p99 {p99 * 1000:.0f} ms  (max {max(lags, default=float("nan")) * 1000:.0f} ms; "
          f"calls not seen by every stream within 10 s: {r['missed']})")
    print(f"plain page           GET /healthz/live p50 {_pct(r['plain'], 50) * 1000:.0f} ms / p99 "
          f"{_pct(r['plain'], 99) * 1000:.0f} ms over {len(r['plain'])} requests in the same run")
    print(f"verdict              {'PASS' if ok else 'MISS'}  (target: p99 < {TARGET_S:.0f} s, every stream open and "
          f"seeing every call, no failed call)")
    return ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench queue", description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", PG_ADMIN), help="an admin URL (database postgres)")
    parser.add_argument("--engines", default="postgresql,sqlite", help="comma-separated: postgresql, sqlite")
    parser.add_argument("--connections", type=int, default=500, help="open event streams")
    parser.add_argument("--phones", type=int, default=20, help="percent of the streams that are phone pages")
    parser.add_argument("--calls", type=int, default=20, help="calls, one a second")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="WSGI worker processes")
    parser.add_argument("--open-limit", type=float, default=300.0, help="seconds to open the streams (later ones count as failed)")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per engine's run before giving up")
    parser.add_argument("--tiny", action="store_true", help="20 streams, 3 calls: the smoke test")
    args = parser.parse_args(argv)
    if args.tiny:
        args.connections, args.calls, args.open_limit, args.time_limit = 20, 3, 60.0, 120.0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if any(e not in ("postgresql", "sqlite") for e in engines):
        parser.error("engines: postgresql and/or sqlite")

    print_header("queue: live screens while a clerk calls once a second (madoguchi serve)")
    print(f"streams: {args.connections}; calls: {args.calls}; target p99 < {TARGET_S:.0f} s from a call's answer "
          f"to the last stream seeing it")
    results = {}
    for engine in engines:
        try:
            results[engine] = _report(engine, _engine(engine, args), args)
        except (TimeoutError, asyncio.TimeoutError):
            print(f"\n-- {engine} --\nverdict              MISS  (stopped at the time limit, {args.time_limit:.0f} s)")
            results[engine] = False
    print("\nverdict: " + ", ".join(f"{e} {'PASS' if ok else 'MISS'}" for e, ok in results.items()))
    return 0
