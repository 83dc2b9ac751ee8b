"""bench/import: `import_residents` of a generated CSV into PostgreSQL and SQLite,
beside a raw load of the same file in the same run.

    python -m bench import [--rows 1000000] [--engines sqlite,postgresql]

It writes N fictional residents (a third with a card and certificates, valid
My Numbers) to a temporary CSV, then for each engine makes a scratch database
(a temp file; a PostgreSQL database it creates and drops), migrates it, and
times the real import (validation, encryption, blind index, batched inserts)
against the raw baseline: psycopg COPY into a text table (PostgreSQL) or
sqlite3 executemany (SQLite) of the same rows. 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from .machine import print_header
from .scratch import run_worker
from .targets import at_least, under, verdict

FAMILY = [("小金井", "コガネイ"), ("貫井", "ヌクイ"), ("前原", "マエハラ"), ("桜町", "サクラマチ"), ("緑町", "ミドリチョウ"), ("中町", "ナカチョウ")]
GIVEN = [("花子", "ハナコ"), ("太郎", "タロウ"), ("さくら", "サクラ"), ("健", "ケン"), ("美咲", "ミサキ"), ("翔", "ショウ")]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench import")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args)
    print_header("bench/import: import_residents against a raw load of the same CSV")
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        path = folder / "residents.csv"
        t = time.perf_counter()
        generate(path, args.rows)
        print(f"rows: {args.rows:,}; file {path.stat().st_size / 1e6:.0f} MB, generated in {time.perf_counter() - t:.1f} s", flush=True)
        status = 0
        for engine in args.engines.split(","):
            status |= run_engine(engine.strip(), path, folder)
        return status
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def generate(path: Path, rows: int) -> None:
    from stdnum.jp import in_

    from madoguchi.counter.imports.columns import NAMES

    rng = random.Random(20261124)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=NAMES, lineterminator="\n")
        out.writeheader()
        for i in range(rows):
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            birth = date(1940, 1, 1) + timedelta(days=rng.randrange(30000))
            body = f"{10_000_000_000 + i:011d}"
            row = {
                "register_id": f"{i + 1:010d}", "family_name": family[0], "given_name": given[0],
                "family_name_kana": family[1], "given_name_kana": given[1], "birth_date": birth.isoformat(),
                "sex": rng.choice(("male", "female")), "address": f"東京都小金井市本町{i % 9 + 1}丁目{i % 30 + 1}番{i % 20 + 1}号",
                "household": f"H{i // 3:09d}", "my_number": body + in_.calc_check_digit(body),
            }  # fmt: skip
            if i % 3 == 0:
                issued = max(birth, date(2016, 1, 1)) + timedelta(days=rng.randrange(3000))
                row.update(card_serial=f"AB{i:010d}", card_issued=issued.isoformat(), card_expires=(issued + timedelta(days=3000)).isoformat(),
                           user_certificate_expires=(issued + timedelta(days=1500)).isoformat())  # fmt: skip
            out.writerow(row)


def run_engine(engine: str, path: Path, folder: Path) -> int:
    return run_worker(engine, "import", ["--file", str(path)], folder)


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from madoguchi.audit.services import Actor
    from madoguchi.counter.imports.load import import_residents
    from madoguchi.counter.imports.source import open_export
    from madoguchi.counter.models import Resident

    call_command("migrate", verbosity=0)
    path = Path(args.file)
    t, cpu = time.perf_counter(), time.process_time()
    with open_export(path, "utf-8") as lines:  # as the command reads a file
        report = import_residents(Actor("bench", "import"), lines, source=path.name, batch_size=5000)
    ours, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert not report.problems and report.imported == Resident.objects.count(), report.problems[:3]
    rows = report.imported
    t = time.perf_counter()
    raw_rows = raw_load(args.worker, path, connection)
    raw = time.perf_counter() - t
    assert raw_rows == rows
    print(f"import_residents: {rows:,} rows in {ours:.1f} s = {rows / ours:,.0f} rows/s", flush=True)
    # On a machine others share the wall clock says how busy it was too; this process's own CPU time does less so
    # (the database server's share is not in it).
    print(f"import_residents' own CPU: {cpu:.1f} s = {rows / cpu:,.0f} rows per CPU second", flush=True)
    baseline = "COPY (psycopg, text columns)" if args.worker == "postgresql" else "executemany (sqlite3, text columns)"
    print(f"baseline, raw {baseline}: {raw_rows:,} rows in {raw:.1f} s = {raw_rows / raw:,.0f} rows/s", flush=True)
    print(f"ratio: the import takes {ours / raw:.1f}x the raw load (it validates, encrypts, indexes and writes 3 tables)")
    per_second = rows / ours
    if args.worker == "postgresql":
        targets = [at_least("rows/s into PostgreSQL", per_second, 50_000, digits=0),
                   at_least("import / COPY of the same file", raw / ours * 100, 10, " %", 1)]
        if rows >= 1_000_000:
            targets.append(under("a million rows into PostgreSQL", ours, 30, " s", 1))
    else:
        targets = [at_least("rows/s into SQLite", per_second, 30_000, digits=0)]
    verdict(targets)
    time_searches(rows)
    return 0


def time_searches(rows: int) -> None:
    """The clerk's kana search on the imported register (50 results at most each)."""
    from madoguchi.audit.services import Actor
    from madoguchi.counter.services.residents import search

    clerk = Actor("bench", "clerk")
    prefixes = [family[1][:2] for family in FAMILY] + [family[1] + given[1][:1] for family in FAMILY for given in GIVEN[:2]]
    times = []
    for prefix in prefixes:
        t = time.perf_counter()
        search(clerk, kana=prefix)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"kana search over {rows:,} residents: median {times[len(times) // 2]:.1f} ms, slowest {times[-1]:.1f} ms ({len(times)} searches)")


def raw_load(engine: str, path: Path, connection) -> int:
    """The same file into one table of text columns, as fast as the driver goes."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    columns = ", ".join(f'"{c}" text' for c in header)
    if engine == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"CREATE TABLE bench_raw ({columns})")
            with cur.cursor.copy("COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)") as copy, path.open("rb") as f:
                while block := f.read(1 << 20):
                    copy.write(block)
            cur.execute("SELECT count(*) FROM bench_raw")
            return cur.fetchone()[0]
    db = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        db.execute(f"CREATE TABLE bench_raw ({columns})")
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            marks = ", ".join("?" * len(header))
            with db:
                db.executemany(f"INSERT INTO bench_raw VALUES ({marks})", reader)
        return db.execute("SELECT count(*) FROM bench_raw").fetchone()[0]
    finally:
        db.close()
