"""Bookings under a launch-day surge and a sustained load, against `madoguchi serve` on PostgreSQL.

    python -m bench booking [--clients 2000] [--seats 500] [--sustain 20] [--tiny]

A temporary database is created and dropped. The server runs the production
settings, as behind the city's HTTPS proxy. Three parts, in one run:
1. surge: CLIENTS residents for SEATS seats, at most --in-flight at once; a
   resident told "full" books one of the other times the answer offers (or
   reloads the list when it offers none), one told "busy" comes back after a
   short pause (the bench compresses Retry-After), until booked or sold out;
2. sustained: --sustain-clients residents booking back to back on a procedure
   with room for everyone, for --sustain seconds;
3. the raw PostgreSQL ceiling: the same booking as one guarded UPDATE plus its
   INSERT per transaction through psycopg, with the same concurrency.
Printed: confirmed bookings, overbooked seats, lost confirmations, bookings/s,
p50/p99 latency, errors, the CPU each part used, and the ratio to the ceiling;
and the confirmation mails: every booking's mail goes to an SMTP sink (aiosmtpd,
a process of its own), sent by the mail sender `serve` starts (docs/adr/0028),
or by the workers when MADOGUCHI_MAIL_AT_ONCE=1; the bench waits until none is
left pending and prints how long that took after the load stopped, and the
server's CPU per booking with its mail.
The clients are aiohttp on one event loop, so that the load generator, which
shares the machine's cores with the server, costs little. docs/booking.md.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from .machine import cpu_seconds, print_header, processes
from .scratch import PG_ADMIN, free_port, postgres_database, serving
from .targets import at_least, under, verdict

ROOT = Path(__file__).resolve().parents[1]
SURGE_PROCEDURE = "card-info-change"
SUSTAIN_PROCEDURE = "pin-reset"
DAYS = ("2026-11-24", "2026-11-25")
NOW = "2026-11-20T10:00:00+09:00"
# As the city's reverse proxy sends them (production settings redirect plain HTTP).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


# --- the server ---------------------------------------------------------------------
def _env(url: str, data_dir: Path, smtp_port: int | None = None) -> dict[str, str]:
    """Production settings, with keys made for this run, mail to the sink (bench/queue uses it too, without one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MADOGUCHI_NOW")}
    env.update(
        DATABASE_URL=url, MADOGUCHI_DATA_DIR=str(data_dir), MADOGUCHI_NOW=NOW, LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="madoguchi.settings.production", PYTHONPATH=str(ROOT / "src"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
        MADOGUCHI_ENCRYPTION_KEY=base64.b64encode(os.urandom(32)).decode(),
        MADOGUCHI_INDEX_KEY=base64.b64encode(os.urandom(32)).decode(),
    )
    if smtp_port is not None:
        env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port))
    return env


class MailSink:
    """An SMTP server that takes every message and keeps none (aiosmtpd's Sink), in its own process."""

    def __enter__(self) -> int:
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}", "-c", "aiosmtpd.handlers.Sink"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import socket

        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        return self.port

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _mail_states(db_url: str) -> Counter[str]:
    import psycopg

    with psycopg.connect(db_url) as conn:
        return Counter(dict(conn.execute("SELECT state, COUNT(*) FROM notices_notice WHERE channel = 'mail' GROUP BY state")))


def _drain(db_url: str, limit: float = 300.0) -> tuple[float, Counter[str]]:
    """Seconds until no mail is pending or being sent (or `limit`), and the states then."""
    t0 = time.perf_counter()
    while True:
        states = _mail_states(db_url)
        if not (states["pending"] + states["sending"]) or time.perf_counter() - t0 > limit:
            return time.perf_counter() - t0, states
        time.sleep(0.2)


def _prepare(env: dict[str, str], surge_seats: int) -> None:
    program = f"""
import django; django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
call_command("open_slots", procedure=["{SURGE_PROCEDURE}", "{SUSTAIN_PROCEDURE}"], start=__import__("datetime").date(2026, 11, 24), end=__import__("datetime").date(2026, 11, 25))
from madoguchi.booking.models import Slot
surge = list(Slot.objects.filter(procedure_id="{SURGE_PROCEDURE}").order_by("date", "start").values_list("id", flat=True))
per, extra = divmod({surge_seats}, len(surge))
for i, pk in enumerate(surge):
    Slot.objects.filter(pk=pk).update(capacity=per + (1 if i < extra else 0))
Slot.objects.filter(procedure_id="{SUSTAIN_PROCEDURE}").update(capacity=100000)
"""
    subprocess.run([sys.executable, "-c", program], env=env, cwd=ROOT, check=True, timeout=300)


# --- the clients -------------------------------------------------------------------
class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: Counter[int | str] = Counter()
        self.confirmed: list[str] = []  # references of every 201

    def add(self, seconds: float, status: int | str) -> None:
        self.latencies.append(seconds)
        self.statuses[status] += 1

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000

    @property
    def errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s not in (200, 201, 409, 503, 429))


def _body(n: int, slot_id: int, procedure: str) -> dict:
    return {"slot_id": slot_id, "procedure": procedure, "name": f"負荷 太郎{n}", "name_kana": "フカ タロウ",
            "email": f"r{n}@example.jp", "party_size": 1}


def _session(url: str, connections: int):
    import aiohttp

    connector = aiohttp.TCPConnector(limit=connections, limit_per_host=connections)
    return aiohttp.ClientSession(url, connector=connector, headers=PROXY_HEADERS, timeout=aiohttp.ClientTimeout(total=30))


async def _call(http, tally: Tally, method: str, path: str, **kwargs) -> tuple[int | None, dict | list | None]:
    """One request, timed; (status, JSON body), or (None, None) when the connection failed."""
    import aiohttp

    t0 = time.perf_counter()
    try:
        async with http.request(method, path, **kwargs) as response:
            body = await response.json(content_type=None)
            status = response.status
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
        tally.add(time.perf_counter() - t0, type(e).__name__)
        return None, None
    tally.add(time.perf_counter() - t0, status)
    return status, body


async def _open_slots(http, tally: Tally, procedure: str) -> list[dict]:
    """GET /api/v1/slots as a resident's browser would, coming back when told busy."""
    while True:
        status, body = await _call(http, tally, "GET", "/api/v1/slots", params={"procedure": procedure, "from": DAYS[0], "to": DAYS[1]})
        if status == 200:
            return body
        await asyncio.sleep(random.uniform(0.05, 0.3))


async def _surge(url: str, clients: int, in_flight: int) -> tuple[Tally, float]:
    tally = Tally()
    async with _session(url, in_flight) as http:
        slots = await _open_slots(http, Tally(), SURGE_PROCEDURE)
        gate = asyncio.Semaphore(in_flight)

        async def resident(n: int) -> None:
            # Like a browser: pick a time with room; told "full", take one of the
            # times the answer offers (or reload the list); told "busy", come
            # back shortly (Retry-After, compressed for the bench).
            async with gate:
                known = [s["id"] for s in slots if s["remaining"] > 0]
                for _ in range(60):
                    if not known:
                        return  # sold out
                    status, body = await _call(http, tally, "POST", "/api/v1/bookings", json=_body(n, random.choice(known), SURGE_PROCEDURE))
                    if status == 201:
                        tally.confirmed.append(body["reference"])
                        return
                    if status == 409:
                        offered = body.get("alternatives") or []
                        if offered:
                            known = [s["id"] for s in offered]
                        else:
                            known = [s["id"] for s in await _open_slots(http, tally, SURGE_PROCEDURE) if s["remaining"] > 0]
                    else:
                        await asyncio.sleep(random.uniform(0.05, 0.3))

        t0 = time.perf_counter()
        await asyncio.gather(*(resident(n) for n in range(clients)))
        return tally, time.perf_counter() - t0


async def _sustain(url: str, concurrency: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    async with _session(url, concurrency) as http:
        slots = await _open_slots(http, Tally(), SUSTAIN_PROCEDURE)
        stop = time.perf_counter() + seconds

        async def resident(n: int) -> None:
            i = 0
            while time.perf_counter() < stop:
                i += 1
                body = _body(n * 100000 + i, random.choice(slots)["id"], SUSTAIN_PROCEDURE)
                status, answer = await _call(http, tally, "POST", "/api/v1/bookings", json=body)
                if status == 201:
                    tally.confirmed.append(answer["reference"])
                elif status in (503, 429):
                    await asyncio.sleep(0.05)

        t0 = time.perf_counter()
        await asyncio.gather(*(resident(n) for n in range(concurrency)))
        return tally, time.perf_counter() - t0


# --- checks and the raw ceiling ----------------------------------------------------
def _check(db_url: str, tally: Tally, procedure: str) -> tuple[int, int]:
    """(overbooked seats, lost confirmations) read straight from the database."""
    import psycopg

    with psycopg.connect(db_url) as conn:
        overbooked = conn.execute(
            """SELECT COALESCE(SUM(GREATEST(0, n - s.capacity)), 0) + COALESCE(SUM(GREATEST(0, s.booked - s.capacity)), 0)
                 FROM booking_slot s
                 LEFT JOIN (SELECT slot_id, SUM(party_size) AS n FROM booking_booking
                             WHERE status <> 'cancelled' GROUP BY slot_id) b ON b.slot_id = s.id
                WHERE s.procedure_id = %s""", [procedure]).fetchone()[0]
        stored = {r[0] for r in conn.execute("SELECT reference FROM booking_booking WHERE procedure_id = %s", [procedure])}
    return int(overbooked), sum(1 for ref in tally.confirmed if ref not in stored)


def _raw_ceiling(db_url: str, concurrency: int, seconds: float) -> float:
    """Transactions/s of one guarded UPDATE plus its INSERT, straight through psycopg."""
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_slot (id int PRIMARY KEY, capacity int NOT NULL, booked int NOT NULL DEFAULT 0)")
        conn.execute("CREATE TABLE raw_booking (id bigserial PRIMARY KEY, slot_id int NOT NULL, reference text UNIQUE NOT NULL, name text, created_at timestamptz DEFAULT now())")
        conn.execute("INSERT INTO raw_slot (id, capacity) SELECT g, 100000000 FROM generate_series(1, 34) g")
    done = [0] * concurrency
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        with psycopg.connect(db_url) as conn:
            while time.perf_counter() < stop:
                with conn.transaction():
                    slot = random.randint(1, 34)
                    cur = conn.execute("UPDATE raw_slot SET booked = booked + 1 WHERE id = %s AND booked < capacity", [slot])
                    if cur.rowcount == 1:
                        conn.execute("INSERT INTO raw_booking (slot_id, reference, name) VALUES (%s, %s, %s)",
                                     [slot, secrets.token_hex(6), "負荷 太郎"])
                done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - t0)


def _report(title: str, tally: Tally, seconds: float, overbooked: int, lost: int) -> float:
    rate = len(tally.confirmed) / seconds if seconds else 0.0
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items(), key=lambda kv: str(kv[0])))
    print(f"\n-- {title} --")
    print(f"confirmed bookings   {len(tally.confirmed)}")
    print(f"overbooked seats     {overbooked}")
    print(f"lost confirmations   {lost}")
    print(f"bookings/s           {rate:.1f}  ({seconds:.1f} s)")
    print(f"latency p50 / p99    {tally.pct(50):.0f} ms / {tally.pct(99):.0f} ms  over {len(tally.latencies)} requests (bookings and slot lists)")
    print(f"answers              {statuses}")
    print(f"errors               {tally.errors}  (anything but 200 list, 201 booked, 409 full, 503/429 busy)")
    return rate


def _is_mail_sender(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"notices\0sender" in f.read()
    except OSError:
        return False


class CpuMeter:
    """CPU seconds used by the server's processes (its mail sender apart), PostgreSQL's and this
    client, between start() and stop()."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def _now(self) -> tuple[float, float, float, float]:
        server = processes(parent_of=self.server_pid)
        sender = [pid for pid in server if _is_mail_sender(pid)]
        return (cpu_seconds(server), cpu_seconds(sender), cpu_seconds(processes(named="postgres")), time.process_time())

    def start(self) -> None:
        self.begin = self._now()

    def stop(self, requests: int) -> str:
        end = self._now()
        per = [(b - a) / max(1, requests) * 1000 for a, b in zip(self.begin, end)]
        return (f"CPU per request      server {per[0]:.2f} ms (web {per[0] - per[1]:.2f}, mail sender {per[1]:.2f}), "
                f"PostgreSQL {per[2]:.2f} ms, load client {per[3]:.2f} ms")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench booking", description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", PG_ADMIN), help="an admin URL (database postgres)")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--in-flight", type=int, default=200, help="surge requests open at once")
    parser.add_argument("--sustain", type=float, default=20.0, help="seconds of sustained load")
    parser.add_argument("--sustain-clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=None, help="threads per server process (default: as madoguchi serve)")
    parser.add_argument("--tiny", action="store_true", help="a few seconds, for the smoke test")
    args = parser.parse_args(argv)
    if args.tiny:
        args.clients, args.seats, args.in_flight, args.sustain, args.workers = 40, 10, 20, 2.0, 2

    print_header("booking: surge and sustained load on madoguchi serve (PostgreSQL)")
    with postgres_database("booking", args.postgres) as db_url, tempfile.TemporaryDirectory() as data_dir, MailSink() as smtp_port:
        env = _env(db_url, Path(data_dir), smtp_port)
        _prepare(env, args.seats)
        serve_args = ["--workers", str(args.workers), *(["--threads", str(args.threads)] if args.threads else []),
                      "--settings", env["DJANGO_SETTINGS_MODULE"]]
        # A shared machine under load took over 120 s to start serve (collectstatic compresses every file).
        with serving(env, *serve_args, ready_path="/api/v1/openapi.json", headers=PROXY_HEADERS, timeout=300) as (proc, url):
            threads = args.threads or int(os.environ.get("BOOKING_CONCURRENT_REQUESTS", "6")) + 2
            print(f"server: madoguchi serve --workers {args.workers} --threads {threads} (granian, production settings); "
                  f"per process {os.environ.get('BOOKING_CONCURRENT_REQUESTS', '6')} booking requests, "
                  f"{os.environ.get('BOOKING_CONCURRENT_WRITES', '6')} writes")
            at_once = env.get("MADOGUCHI_MAIL_AT_ONCE", "0") not in ("0", "false", "no")
            print("mail: " + ("sent by the workers just after each commit (MADOGUCHI_MAIL_AT_ONCE=1)" if at_once else
                              "the workers write the Notice row; the mail sender process sends it (docs/adr/0028)")
                  + f"; to an SMTP sink on port {smtp_port}")
            print(f"surge: {args.clients} clients for {args.seats} seats, {args.in_flight} in flight; "
                  f"sustained: {args.sustain_clients} clients for {args.sustain:.0f} s")
            meter, whole = CpuMeter(proc.pid), CpuMeter(proc.pid)

            meter.start()
            surge, seconds = asyncio.run(_surge(url, args.clients, args.in_flight))
            over, lost = _check(db_url, surge, SURGE_PROCEDURE)
            _report("surge", surge, seconds, over, lost)
            print(meter.stop(len(surge.latencies)))
            surge_ok = over == 0 and lost == 0 and len(surge.confirmed) == args.seats

            sent_before = _mail_states(db_url)["sent"]
            meter.start()
            whole.start()
            sustained, seconds = asyncio.run(_sustain(url, args.sustain_clients, args.sustain))
            over2, lost2 = _check(db_url, sustained, SUSTAIN_PROCEDURE)
            rate = _report("sustained (never sells out)", sustained, seconds, over2, lost2)
            print(meter.stop(len(sustained.latencies)))
            drained, states = _drain(db_url)
            print("\n-- the confirmation mails (surge and sustained) --")
            print(f"mail states          {', '.join(f'{k}: {v}' for k, v in sorted(states.items()))}")
            print(f"all sent             {drained:.1f} s after the load stopped "
                  f"({states['sent'] - sent_before} sent from the start of the sustained part)")
            # The server's CPU from the sustained part's start until its last mail went, per sustained booking.
            print(whole.stop(len(sustained.confirmed)).replace("CPU per request     ", "CPU per sustained booking with its mail:"))
        ceiling = _raw_ceiling(db_url, args.sustain_clients, min(args.sustain, 5.0))

    ratio = rate / ceiling if ceiling else 0.0
    print("\n-- raw PostgreSQL ceiling (guarded UPDATE + INSERT per transaction, psycopg) --")
    print(f"transactions/s       {ceiling:.1f}  ({args.sustain_clients} connections)")
    print(f"app / ceiling        {ratio:.1%}")
    verdict([
        under("overbooked seats (surge and sustained)", over + over2, 1, digits=0),
        under("lost confirmations (surge and sustained)", lost + lost2, 1, digits=0),
        at_least("seats sold in the surge", len(surge.confirmed), args.seats, digits=0),
        under("surge p99", surge.pct(99), 250, " ms", 0),
        under("sustained p99", sustained.pct(99), 250, " ms", 0),
        at_least("sustained bookings/s / raw ceiling", ratio * 100, 15, " %", 1),
    ])
    return 0 if (surge_ok and over2 == 0 and lost2 == 0) else 1
