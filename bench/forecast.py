"""bench/forecast: an 18-month forecast over a million generated cards.

    .venv/bin/python -m bench forecast [--cards 1000000] [--engines sqlite,postgresql]

For each engine, in a scratch database made for the run:
1. a register of `--cards` residents with one card each, its dates from the
   validity rules (rules.validity.card_validity), issue dates spread over ten
   years with FY2022's surge (35 % of the cards, FACTS.md §10), 3 % of
   the residents with a period of stay, 1 % of the cards ordered from J-LIS;
   the stored renewal_opens written by counter/derived.py as the import does;
2. the baseline in the same run: the raw SQL aggregate of the same counts
   (three GROUP BYs, no Python), its median of 3;
3. `forecast()` for 18 months by week, every office and procedure: its first
   (cold) run and its median of 3, and that its register counts equal the
   baseline's;
4. the crest: the month with the most certificate windows opening.
Targets: under 2 s on PostgreSQL, and at most 3× the raw aggregate.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from bench.machine import print_header
from bench.scratch import run_worker

START, END = date(2027, 1, 1), date(2028, 6, 30)  # 18 months: the wave's crest inside
TARGET_S = 2.0  # PostgreSQL
TARGET_RATIO = 3.0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench forecast")
    ap.add_argument("--cards", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args)
    print_header("bench/forecast: 18 months of the renewal wave from the register")
    print(f"cards: {args.cards:,}; range {START} to {END} by week")
    status = 0
    for engine in args.engines.split(","):
        status |= run_worker(engine.strip(), "forecast", ["--cards", str(args.cards)])
    return status


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from madoguchi.core import clock

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    generate(args.cards)
    print(f"generated {args.cards:,} residents, cards and their certificates in {time.perf_counter() - t:.1f} s", flush=True)

    with clock.pinned(clock.now().replace(year=2026, month=12, day=1)):
        raw_s, raw = timed(raw_aggregate)
        print(f"baseline, the raw SQL aggregate of the same counts (median of 3): {raw_s * 1000:.0f} ms", flush=True)

        from madoguchi.forecast import register
        from madoguchi.forecast.services.plan import forecast

        t = time.perf_counter()
        rows = forecast(START, END, by="week")
        cold = time.perf_counter() - t
        warm, rows = timed(lambda: forecast(START, END, by="week"))
        counts = register.register_counts(START, END)
        ours = {p: sum(counts[p].values()) for p in raw}
        same = ours == raw
        print(f"forecast, 18 months by week, every procedure: first {cold * 1000:.0f} ms, median of 3 {warm * 1000:.0f} ms;"
              f" {len(rows)} rows", flush=True)
        print(f"  ratio to the raw aggregate: {warm / raw_s:.2f}× (target ≤ {TARGET_RATIO:.0f}×)")
        print(f"  the register's counts equal the raw aggregate's: {'yes' if same else 'NO'} {ours}")
        months: dict[str, int] = {}
        for day, n in counts["certificate-renewal"].items():
            months[day.strftime("%Y-%m")] = months.get(day.strftime("%Y-%m"), 0) + n
        crest = max(months, key=months.get) if months else "-"
        print(f"  crest: {crest}, {months.get(crest, 0):,} certificate windows opening"
              f" (the month's average over the range: {sum(months.values()) // max(len(months), 1):,})")
    ok = same and warm / raw_s <= TARGET_RATIO and (connection.vendor != "postgresql" or warm < TARGET_S)
    target = f"< {TARGET_S:.0f} s and " if connection.vendor == "postgresql" else ""
    print(f"verdict              {'PASS' if ok else 'MISS'}  (target: {target}≤ {TARGET_RATIO:.0f}× the raw aggregate, counts equal)")
    return 0 if ok else 1


def timed(fn, repeats: int = 3):
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2], result


def raw_aggregate() -> dict[str, int]:
    """The same three register counts as one SQL aggregate each, grouped by day, summed."""
    from django.db import connection

    queries = {
        "certificate-renewal": "SELECT c.renewal_opens, COUNT(*) FROM counter_certificate c JOIN counter_card k ON k.id = c.card_id"
        " WHERE c.kind = 'user' AND c.status = 'active' AND k.status = 'active' AND c.renewal_opens BETWEEN %s AND %s"
        " GROUP BY c.renewal_opens",
        "card-renewal": "SELECT renewal_opens, COUNT(*) FROM counter_card WHERE status = 'active' AND expiry_basis = 'birthday'"
        " AND renewal_opens BETWEEN %s AND %s GROUP BY renewal_opens",
        "period-of-stay-change": "SELECT expires, COUNT(*) FROM counter_card WHERE status = 'active'"
        " AND expiry_basis = 'period_of_stay' AND serves_as_residence_card = %s AND expires BETWEEN %s AND %s GROUP BY expires",
    }
    out = {}
    with connection.cursor() as cur:
        for name, sql in queries.items():
            params = [False, START, END] if name == "period-of-stay-change" else [START, END]
            cur.execute(sql, params)
            out[name] = sum(n for _, n in cur.fetchall())
    return out


FY2022 = (date(2022, 4, 1), date(2023, 3, 31))
FY2022_SHARE = 29.5 / 84.4  # FACTS.md §10: 29.5 M issued in FY2022 of the 84.4 M cards on 2023-03-31


def issue_day(rng: random.Random) -> date:
    """Ten years of issues (2016-2025), FY2022's surge a third of them (FY2022_SHARE), the rest spread over the other years."""
    if rng.random() < FY2022_SHARE:
        return FY2022[0] + timedelta(days=rng.randrange(365))
    while True:
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        if not FY2022[0] <= day <= FY2022[1]:
            return day


POOL = 50_000  # distinct (birth, issue, stay) holders whose dates the rules derive; the register repeats them


def generate(count: int) -> None:
    """Residents with one card and its certificates, every date from the validity rules.

    The one register generator: bench/forecast and the simulated year of
    tests/forecast/test_simulated_year.py both write through it.

    The rules are asked for a pool of holders in Python (card_validity and
    counter/derived.py, as the import does); the million rows are then made
    by the database from that pool (INSERT ... SELECT over a counted series),
    so the run's time goes to the measured part, not to building rows.
    """
    from django.db import connection, transaction

    from bench.notices import _analyze, _reset_sequences
    from madoguchi.core.city import municipality
    from madoguchi.counter.derived import renewal_opens_with
    from madoguchi.counter.models import Card, Certificate, Resident
    from madoguchi.rules.validity import card_validity

    rules = municipality().validity
    rng = random.Random(2027)
    sqlite = connection.vendor == "sqlite"

    def d(v):
        return v.isoformat() if sqlite and v is not None else v

    pool = []
    for i in range(min(count, POOL)):
        issued = issue_day(rng)
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange((issued - date(1935, 1, 1)).days))
        foreign = rng.random() < 0.03
        stay = issued + timedelta(days=rng.randrange(180, 1800)) if foreign else None
        v = card_validity(rules, birth, issued, period_of_stay_end=stay)
        ordered = rng.random() < 0.01
        pool.append((
            i, d(birth), d(issued), d(stay), "VN" if foreign else "", d(v.card_expires), v.card_expiry_basis,
            d(renewal_opens_with(rules, v.card_expires)), d(v.user_certificate_expires),
            d(renewal_opens_with(rules, v.user_certificate_expires)), d(v.signature_certificate_expires),
            d(renewal_opens_with(rules, v.signature_certificate_expires)), "ordered" if ordered else "active",
            d(issued - timedelta(days=30)) if ordered else None,
        ))  # fmt: skip
    n_pool = len(pool)
    with transaction.atomic(), connection.cursor() as cur:
        if not sqlite:  # the test settings' statement timeout is for requests, not for loading a million rows
            cur.execute("SET LOCAL statement_timeout = 0")
        cur.execute(
            "CREATE TEMPORARY TABLE bench_pool (id integer PRIMARY KEY, birth date, issued date, stay date, nationality varchar(2),"
            " expires date, basis varchar(16), card_opens date, user_exp date, user_opens date, sig_exp date, sig_opens date,"
            " status varchar(12), received date)"
        )
        cur.executemany("INSERT INTO bench_pool VALUES (" + ", ".join(["%s"] * 14) + ")", pool)
        series = f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {int(count)})"
        join = f"FROM s JOIN bench_pool p ON p.id = s.n %% {n_pool}"  # %% : the query has parameters
        _insert_select(cur, Resident, series, join, {
            "id": "s.n", "family_name": "'架空'", "given_name": "CAST(s.n AS TEXT)", "family_name_kana": "'カクウ'",
            "given_name_kana": "'タロウ'", "search_kana": "'カクウタロウ'", "birth_date": "p.birth", "sex": "'female'",
            "address": "'東京都小金井市本町1-1-1'", "household": "'F' || CAST(s.n AS TEXT)", "nationality": "p.nationality",
            "period_of_stay_end": "p.stay",
        })  # fmt: skip
        _insert_select(cur, Card, series, join, {
            "id": "s.n", "resident_id": "s.n", "status": "p.status", "issued": "p.issued", "expires": "p.expires",
            "renewal_opens": "p.card_opens", "expiry_basis": "p.basis", "application_received": "p.received",
        })  # fmt: skip
        for offset, kind, exp, opens in ((0, "user", "p.user_exp", "p.user_opens"), (1, "signature", "p.sig_exp", "p.sig_opens")):
            _insert_select(cur, Certificate, series, join, {
                "id": f"2 * s.n + {offset}", "card_id": "s.n", "kind": f"'{kind}'", "issued": "p.issued", "expires": exp,
                "renewal_opens": opens, "status": f"CASE WHEN {exp} IS NULL THEN 'none' ELSE 'active' END",
            })  # fmt: skip
        cur.execute("DROP TABLE bench_pool")
    _reset_sequences(Resident, Card, Certificate)
    with connection.cursor() as cur:
        if not sqlite:
            cur.execute("SET statement_timeout = 0")
        _analyze()
        if not sqlite:
            cur.execute("RESET statement_timeout")


def _insert_select(cur, model, series: str, source: str, exprs: dict[str, str]) -> None:
    """INSERT ... SELECT: the given columns from SQL expressions, every other at its model default (a parameter)."""
    from django.db import connection
    from django.utils import timezone

    columns, values, params = [], [], []
    now = timezone.now()
    for f in model._meta.concrete_fields:
        columns.append(f.column)
        if f.attname in exprs:
            values.append(exprs[f.attname])
            continue
        v = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        values.append("%s")
        params.append(f.get_db_prep_save(v, connection))
    cur.execute(f"{series} INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} {source}", params)
