"""Outcome-page throughput and latency under concurrent load, beside a trivial page.

Starts `madoguchi serve` (granian) on a free 127.0.0.1 port with its own data
directory and SQLite file, then, from `--concurrency` threads, requests:

- the trivial page: `/` (a redirect: routing, middleware, no template), and
- the guide's outcome page for a lost card (the rules, the calendar, a month
  table per step, the template),

each for `--seconds` or `--requests`, whichever ends first, and prints both
with their ratio. The outcome is then asked `--cold` more times, one at a
time, each under a URL the page cache has not seen (an extra parameter the
interview ignores), for the cold render's latency. Targets (issue 16): warm,
at least 0.6 of the trivial page's throughput and p99 under 50 ms; cold,
under 30 ms at the median. The load goes to 127.0.0.1 only and stops by itself.

    .venv/bin/python -m bench guide [--seconds 12] [--requests 20000] [--concurrency 8] [--workers 2] [--cold 200]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench.machine import print_header
from bench.scratch import serving
from bench.targets import at_least, under, verdict

OUTCOME = "/ja/guide/outcome/?" + urlencode(
    {"situation": "lost", "lost_where": "outside", "lost_found": "not-found", "urgent": "not-urgent", "licence": "not-on-card",
     "age": "adult", "applicant": "self"}
)
TRIVIAL = "/"


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    elapsed: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<8} {len(self.latencies):>7} requests  {self.throughput:8.1f} req/s  "
            f"p50 {self.percentile(50):7.2f} ms  p99 {self.percentile(99):7.2f} ms  errors {self.errors}"
        )


def load(base: str, path: str, name: str, seconds: float, requests: int, concurrency: int, expect: int) -> Result:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=10.0, follow_redirects=False) as client:
            while time.monotonic() < deadline:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                start = time.perf_counter()
                try:
                    ok = client.get(path).status_code == expect
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - start
                with lock:
                    if ok:
                        latencies.append(took)
                    else:
                        errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(name, latencies, errors, time.monotonic() - began)


# DEBUG off as in production, without production's HTTPS redirect and
# required keys (settings/test.py: production's behaviour, static files from the apps).
SETTINGS = "madoguchi.settings.test"


def server_env(data_dir: str) -> dict[str, str]:
    env = {**os.environ, "MADOGUCHI_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": SETTINGS}
    env.pop("DATABASE_URL", None)  # its own SQLite file: never a shared database
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench guide", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="per page (default 12)")
    parser.add_argument("--requests", type=int, default=20000, help="at most, per page (default 20000)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--cold", type=int, default=200, help="cold renders, one at a time (default 200)")
    args = parser.parse_args(argv)
    args.seconds = min(args.seconds, 60.0)  # bounded whatever is asked

    print_header("bench guide: outcome page vs a trivial page, same server, same run")
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as data_dir:
        serve_args = ("--workers", str(args.workers), "--settings", SETTINGS)
        with serving(server_env(data_dir), *serve_args, ready_path=OUTCOME, timeout=60) as (_, base):
            print(f"server: madoguchi serve (granian) at {base}, {args.workers} workers; "
                  f"load: {args.concurrency} threads, {args.seconds:g} s or {args.requests} requests per page")
            load(base, TRIVIAL, "warm-up", 2.0, 50, args.concurrency, 302)
            load(base, OUTCOME, "warm-up", 2.0, 50, args.concurrency, 200)
            trivial = load(base, TRIVIAL, "trivial", args.seconds, args.requests, args.concurrency, 302)
            outcome = load(base, OUTCOME, "outcome", args.seconds, args.requests, args.concurrency, 200)
            cold = cold_renders(base, args.cold)
    print(trivial.line())
    print(outcome.line())
    print(cold.line())
    if trivial.throughput and outcome.throughput:
        print(
            f"ratio outcome/trivial: throughput {outcome.throughput / trivial.throughput:.2f}x, "
            f"p50 {outcome.percentile(50) / trivial.percentile(50):.2f}x, "
            f"p99 {outcome.percentile(99) / trivial.percentile(99):.2f}x"
        )
    ratio = outcome.throughput / trivial.throughput if trivial.throughput else 0.0
    verdict([
        at_least("warm outcome / trivial page, throughput", ratio, 0.6, "x"),
        under("warm outcome p99", outcome.percentile(99), 50, " ms", 1),
        under("cold outcome render, median", cold.percentile(50), 30, " ms", 1),
    ])
    return 0 if not (trivial.errors or outcome.errors or cold.errors) else 1


def cold_renders(base: str, count: int) -> Result:
    """The outcome under `count` URLs never asked before: every one a full render."""
    latencies: list[float] = []
    errors = 0
    began = time.monotonic()
    with httpx.Client(base_url=base, timeout=10.0) as client:
        for i in range(count):
            start = time.perf_counter()
            try:
                ok = client.get(f"{OUTCOME}&cold={time.time_ns()}-{i}").status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - start)
            else:
                errors += 1
    return Result("cold", latencies, errors, time.monotonic() - began)
