"""bench/import_server: where the PostgreSQL import's time goes between this
process, the database server and the commit.

    python -m bench import_server [--rows 100000] [--checks-apart]

The same generated CSV and the same `import_residents` call as `bench import`
(its generator), on a scratch PostgreSQL database, with three more figures:
the CPU time of the connection's server process (its backend, read from
/proc/<pg_backend_pid()>/stat: the server must run on this machine) during the
import, and the COMMIT alone (wall clock and the backend's CPU), where the
deferred foreign-key checks of every card and certificate row run. The import
runs inside one outer transaction so that its commit can be timed apart; the
import's own transaction becomes a savepoint of it, released before the commit.
With --checks-apart, `SET CONSTRAINTS ALL IMMEDIATE` just before the COMMIT
runs the deferred checks there, timed on their own, and the COMMIT is then the
commit without them (the write-ahead log's flush).
The server's other processes (WAL writer, checkpointer, autovacuum) are not
counted: others' databases share them.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import tempfile
import time
from pathlib import Path

from .machine import cpu_seconds, print_header
from .scratch import run_worker


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench import_server")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--checks-apart", action="store_true", help="run the deferred foreign-key checks before the COMMIT, timed apart")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(Path(args.file), args.checks_apart)
    print_header("bench/import_server: the PostgreSQL import's server CPU and its COMMIT")
    folder = Path(tempfile.mkdtemp(prefix="bench-import-server-"))
    try:
        path = folder / "residents.csv"
        importlib.import_module("bench.import").generate(path, args.rows)
        print(f"rows: {args.rows:,}", flush=True)
        return run_worker("postgresql", "import_server", ["--file", str(path), *(["--checks-apart"] if args.checks_apart else [])], folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def worker(path: Path, checks_apart: bool) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from madoguchi.audit.services import Actor
    from madoguchi.counter.imports.load import import_residents
    from madoguchi.counter.imports.source import open_export
    from madoguchi.counter.models import Card, Certificate, Resident

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = [cur.fetchone()[0]]
        cur.execute("SELECT count(*) FROM pg_indexes WHERE tablename IN ('counter_resident', 'counter_card', 'counter_certificate')")
        indexes = cur.fetchone()[0]
    start, ours, server = time.perf_counter(), time.process_time(), cpu_seconds(backend)
    with transaction.atomic():
        with open_export(path, "utf-8") as lines:
            report = import_residents(Actor("bench", "import"), lines, source=path.name, batch_size=5000)
        assert not report.problems, report.problems[:3]
        checks = (time.perf_counter(), cpu_seconds(backend))
        if checks_apart:
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        before_commit, server_before_commit = time.perf_counter(), cpu_seconds(backend)
        checks = (before_commit - checks[0], server_before_commit - checks[1])
    end, ours, server_end = time.perf_counter(), time.process_time() - ours, cpu_seconds(backend)
    wall, commit = end - start, end - before_commit
    rows = report.imported
    assert rows == Resident.objects.count()
    cards, certificates = Card.objects.count(), Certificate.objects.count()
    server_all, server_commit = server_end - server, server_end - server_before_commit
    with connection.cursor() as cur:  # what the server wrote, in bytes: a count that no load on the machine changes
        tables = "('counter_resident'::regclass, 'counter_card'::regclass, 'counter_certificate'::regclass)"
        cur.execute(f"SELECT (SELECT sum(pg_relation_size(indexrelid)) FROM pg_index WHERE indrelid IN {tables}), "
                    f"(SELECT sum(pg_relation_size(oid)) FROM pg_class WHERE oid IN {tables})")  # fmt: skip
        index_bytes, table_bytes = (float(n) for n in cur.fetchone())
    print(f"indexes on the three tables: {indexes}, {index_bytes / 1e6:.0f} MB after the import (the tables: {table_bytes / 1e6:.0f} MB)")
    print(f"import_residents: {rows:,} residents, {cards:,} cards, {certificates:,} certificates in {wall:.1f} s (COMMIT included)")
    print(f"  this process's CPU:          {ours:6.1f} s ({ours / wall:.0%} of the wall clock)")
    print(f"  the server backend's CPU:    {server_all:6.1f} s ({server_all / wall:.0%} of the wall clock)")
    if checks_apart:
        print(f"  the foreign-key checks of {cards + certificates:,} rows (SET CONSTRAINTS ALL IMMEDIATE): "
              f"{checks[0]:.2f} s wall, {checks[1]:.2f} s server CPU")  # fmt: skip
        print(f"  the COMMIT then:             {commit:6.2f} s wall, {server_commit:.2f} s server CPU")
    else:
        print(f"  the COMMIT alone:            {commit:6.2f} s wall, {server_commit:.2f} s server CPU "
              f"(with the deferred foreign-key checks of {cards + certificates:,} rows)")  # fmt: skip
    importlib.import_module("bench.import").time_searches(rows)
    return 0
