"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create builds one statement per batch and a model object per
row, which is most of an import's time; the import writes plain tuples
instead. Ids are taken up front (the sequence on PostgreSQL; on SQLite the
IMMEDIATE transaction already holds the only write lock) so that cards can
point at their residents without reading the ids back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection


def take_ids(table: str, count: int) -> list[int]:
    if count == 0:
        return []
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [count])
            return [row[0] for row in cur.fetchall()]
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cur.fetchone()[0] + 1
        return list(range(start, start + count))


def write(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cur.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', [tuple(map(_sqlite, row)) for row in rows])


def _sqlite(value: object) -> object:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
