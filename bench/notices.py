"""bench/notices: the daily notice batch on a million generated cards.

    .venv/bin/python -m bench notices [--cards 1000000] [--engines sqlite,postgresql] [--year-days 365]

For each engine, in a scratch database made for the run:
1. 100,000 cards (expiries spread over ten years), one day's batch (D1) timed;
2. 900,000 more cards, none due on D1; D1's notices removed and its batch
   timed again: the same notices due at ten times the cards, and about the
   same cost, shows the batch reads only what is due (indexed dates);
3. the baseline in the same run: the same day's subjects found by scanning
   every card and applying the rule in Python;
4. a whole year of daily batches on the million cards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.machine import print_header

ROOT = Path(__file__).resolve().parent.parent
D1 = date(2027, 4, 8)
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench notices")
    ap.add_argument("--cards", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--year-days", type=int, default=365)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args)
    print_header("bench/notices: the daily notice batch")
    print(f"cards: {args.cards:,} (first {args.cards // 10:,}); year: {args.year_days} daily batches")
    status = 0
    for engine in args.engines.split(","):
        status |= run_engine(engine.strip(), args)
    return status


def run_engine(engine: str, args: argparse.Namespace) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "madoguchi.settings.test", "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    cleanup = None
    if engine == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench-notices-")
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        env["MADOGUCHI_DATA_DIR"] = tmp
    elif engine == "postgresql":
        import psycopg

        name = f"bench_notices_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"

        def cleanup():
            with psycopg.connect(PG_ADMIN, autocommit=True) as c:
                c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        print(f"unknown engine {engine!r}; use sqlite or postgresql", file=sys.stderr)
        return 2
    print(f"\n-- {engine} --", flush=True)
    try:
        cmd = [sys.executable, "-m", "bench", "notices", "--worker", engine, "--cards", str(args.cards), "--year-days", str(args.year_days)]
        return subprocess.run(cmd, env=env, cwd=ROOT).returncode
    finally:
        if cleanup:
            cleanup()


# --- the worker: one engine, its own Django ----------------------------------
def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:  # the scratch database may be emptied by the bench itself
        cur.execute("INSERT INTO audit_purge_permit (id) VALUES (1)")

    from madoguchi.notices.models import Notice
    from madoguchi.notices.services.batch import run_batch

    base = args.cards // 10
    rest = args.cards - base
    t = time.perf_counter()
    generate(0, base, avoid=())
    print(f"generated {base:,} cards in {time.perf_counter() - t:.1f} s", flush=True)

    from madoguchi.web.municipality import municipality

    m = municipality()
    from madoguchi.rules.notices import expiries_whose_renewal_opens_on

    avoid = set(expiries_whose_renewal_opens_on(m.validity, D1))
    avoid.update(D1 + timedelta(days=n) for n in m.notices["period-of-stay-ending"].days_before)

    one_day_small, n_small = timed_batch(run_batch, Notice, D1)
    print(f"one day's batch at {base:,} cards: {one_day_small * 1000:.0f} ms, {n_small} notices", flush=True)

    t = time.perf_counter()
    generate(base, rest, avoid=avoid)
    print(f"generated {rest:,} more cards (none due on the measured day) in {time.perf_counter() - t:.1f} s", flush=True)

    from madoguchi.notices.models import BatchRun

    Notice.objects.filter(due_on=D1).delete()
    BatchRun.objects.filter(day=D1).delete()
    one_day_big, n_big = timed_batch(run_batch, Notice, D1)
    print(f"one day's batch at {args.cards:,} cards: {one_day_big * 1000:.0f} ms, {n_big} notices", flush=True)
    per_notice_small = one_day_small / max(n_small, 1)
    per_notice_big = one_day_big / max(n_big, 1)
    print(f"  ratio, the day at {args.cards:,} cards to the day at {base:,}: {one_day_big / one_day_small:.2f}"
          f" (same {n_big} notices due; 1.0 = independent of the number of cards; a full scan would be ~10)")

    t = time.perf_counter()
    scanned = scan_baseline(m, D1)
    scan = time.perf_counter() - t
    print(f"baseline, scanning all {args.cards:,} cards for the day's renewal subjects: {scan * 1000:.0f} ms ({scanned} found);"
          f" the indexed batch found, made and stored its notices in {one_day_big / scan:.3f}× the scan's time")

    t = time.perf_counter()
    start = D1 + timedelta(days=1)
    made = 0
    for i in range(args.year_days):
        made += run_batch(start + timedelta(days=i)).total_created
    year = time.perf_counter() - t
    print(f"a year of daily batches ({args.year_days} days) at {args.cards:,} cards: {year:.1f} s, {made:,} notices"
          f" ({year / max(args.year_days, 1) * 1000:.0f} ms a day)")
    return 0


def timed_batch(run_batch, Notice, day: date) -> tuple[float, int]:
    before = Notice.objects.count()
    t = time.perf_counter()
    run_batch(day)
    elapsed = time.perf_counter() - t
    return elapsed, Notice.objects.count() - before


def generate(offset: int, count: int, *, avoid) -> None:
    """Fictional residents with one active card and two certificates each.

    Issue dates are spread over ten years, so that about a tenth of a percent
    of the cards open a renewal window on any day, as in a real register.
    Expiry dates in `avoid` are moved a week on.
    """
    import random

    from django.db import transaction

    from madoguchi.clock import now
    from madoguchi.counter.models import Card, Certificate, Resident

    rng = random.Random(offset)
    batch = 5000
    first_issue = date(2017, 7, 1)
    created_at = now()  # noqa: F841 - documents when the data was made
    for start in range(offset, offset + count, batch):
        n = min(batch, offset + count - start)
        with transaction.atomic():
            residents = Resident.objects.bulk_create(
                Resident(
                    family_name="架空",
                    given_name=f"{i}",
                    family_name_kana="カクウ",
                    given_name_kana="タロウ",
                    birth_date=date(1950 + i % 60, 1 + i % 12, 1 + i % 28),
                    sex="female" if i % 2 else "male",
                    address=f"東京都小金井市本町{i % 9 + 1}-{i % 30 + 1}-{i % 20 + 1}",
                    household=f"B{i:09d}",
                )
                for i in range(start, start + n)
            )
            cards = []
            for r in residents:
                issued = first_issue + timedelta(days=rng.randrange(3650))
                expires = issued.replace(year=issued.year + 10) if not (issued.month == 2 and issued.day == 29) else issued + timedelta(days=3652)
                cert_expires = issued.replace(year=issued.year + 5) if not (issued.month == 2 and issued.day == 29) else issued + timedelta(days=1826)
                while expires in avoid or cert_expires in avoid:
                    expires += timedelta(days=7)
                    cert_expires += timedelta(days=7)
                cards.append(Card(resident=r, status="active", issued=issued, expires=expires, expiry_basis="birthday"))
            cards = Card.objects.bulk_create(cards)
            certs = []
            for c in cards:
                ce = min(c.expires, c.issued.replace(year=c.issued.year + 5) if not (c.issued.month == 2 and c.issued.day == 29) else c.issued + timedelta(days=1826))
                while ce in avoid:
                    ce += timedelta(days=7)
                certs.append(Certificate(card=c, kind="user", status="active", issued=c.issued, expires=ce))
                certs.append(Certificate(card=c, kind="signature", status="active", issued=c.issued, expires=ce))
            Certificate.objects.bulk_create(certs)


def scan_baseline(m, day: date) -> int:
    """What a batch without indexed dates does: read every card's dates and apply the rule."""
    from madoguchi.counter.models import Card, Certificate
    from madoguchi.rules.validity import renewal_window_opens

    found = 0
    for expires in Card.objects.filter(status="active").values_list("expires", flat=True).iterator(chunk_size=20000):
        if expires and renewal_window_opens(m.validity, expires) == day:
            found += 1
    for expires in Certificate.objects.filter(kind="user", status="active").values_list("expires", flat=True).iterator(chunk_size=20000):
        if expires and renewal_window_opens(m.validity, expires) == day:
            found += 1
    return found
