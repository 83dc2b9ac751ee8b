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
import time
from datetime import date, timedelta

from bench.machine import print_header
from bench.scratch import run_worker

D1 = date(2027, 4, 8)


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
    return run_worker(engine, "notices", ["--cards", str(args.cards), "--year-days", str(args.year_days)])


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

    from madoguchi.core.city import municipality

    m = municipality()
    from madoguchi.rules.notices import expiries_whose_renewal_opens_on

    avoid = set(expiries_whose_renewal_opens_on(m.validity, D1))
    avoid.update(D1 + timedelta(days=n) for n in m.notices["period-of-stay-ending"].days_before)

    one_day_small, n_small = timed_batch(run_batch, Notice, D1)
    print(f"one day's batch at {base:,} cards (median of 3): {one_day_small * 1000:.0f} ms, {n_small} notices", flush=True)

    t = time.perf_counter()
    generate(base, rest, avoid=avoid)
    print(f"generated {rest:,} more cards (none due on the measured day) in {time.perf_counter() - t:.1f} s", flush=True)

    one_day_big, n_big = timed_batch(run_batch, Notice, D1)
    print(f"one day's batch at {args.cards:,} cards (median of 3): {one_day_big * 1000:.0f} ms, {n_big} notices", flush=True)
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


def timed_batch(run_batch, Notice, day: date, repeats: int = 3) -> tuple[float, int]:
    """The median time of `day`'s batch, made afresh `repeats` times (the first reads a cold cache)."""
    from madoguchi.notices.models import BatchRun

    times = []
    made = 0
    for _ in range(repeats):
        Notice.objects.filter(due_on=day).delete()
        BatchRun.objects.filter(day=day).delete()
        t = time.perf_counter()
        made = run_batch(day).total_created
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2], made


def generate(offset: int, count: int, *, avoid) -> None:
    """Fictional residents with one active card and two certificates each.

    Issue dates are spread over ten years, so that about one card in 3,650 opens
    a renewal window on any day, as in a real register. Expiry dates in `avoid`
    are moved a week on. Rows go in with COPY (PostgreSQL) or executemany
    (SQLite) through the models' own column definitions, with explicit ids.
    """
    import random

    from madoguchi.counter.models import Card, Certificate, Resident

    rng = random.Random(offset)
    batch = 20000
    first_issue = date(2017, 7, 1)
    for start in range(offset, offset + count, batch):
        ids = range(start + 1, min(start + batch, offset + count) + 1)
        residents, cards, certs = [], [], []
        for i in ids:
            residents.append(
                {
                    "id": i,
                    "family_name": "架空",
                    "given_name": str(i),
                    "family_name_kana": "カクウ",
                    "given_name_kana": "タロウ",
                    "birth_date": date(1950 + i % 60, 1 + i % 12, 1 + i % 28),
                    "sex": "female" if i % 2 else "male",
                    "address": f"東京都小金井市本町{i % 9 + 1}-{i % 30 + 1}-{i % 20 + 1}",
                    "household": f"B{i:09d}",
                }
            )
            issued = first_issue + timedelta(days=rng.randrange(3650))
            expires = _years_after(issued, 10)
            cert_expires = _years_after(issued, 5)
            while expires in avoid:
                expires += timedelta(days=7)
            while cert_expires in avoid:
                cert_expires += timedelta(days=7)
            cards.append({"id": i, "resident_id": i, "status": "active", "issued": issued, "expires": expires, "expiry_basis": "birthday"})
            for n, kind in enumerate(("user", "signature")):
                certs.append({"id": 2 * i + n, "card_id": i, "kind": kind, "status": "active", "issued": issued, "expires": cert_expires})
        _copy(Resident, residents)
        _copy(Card, cards)
        _copy(Certificate, certs)
    _reset_sequences(Resident, Card, Certificate)
    _analyze()


def _analyze() -> None:
    """Refresh the planner's statistics, as PostgreSQL's autovacuum (or SQLite's
    PRAGMA optimize, run by the batch) does after a large load; without them
    a planner fresh from a bulk load guesses, e.g. that 'active' is selective."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _copy(model, rows: list[dict]) -> None:
    """Insert `rows` of `model`, every other column at its model default."""
    from django.db import connection, transaction
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    now = timezone.now()

    def value(f, row):
        if f.attname in row:
            v = row[f.attname]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            v = now
        else:
            v = f.get_default()
        return f.get_db_prep_save(v, connection)

    data = [tuple(value(f, row) for f in fields) for row in rows]
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", data)


def _reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


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
