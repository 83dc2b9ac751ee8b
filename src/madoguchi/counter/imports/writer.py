"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create builds one statement per batch and a model object per
row, which is most of an import's time; the import writes plain tuples
instead. Ids are taken up front (the sequence on PostgreSQL; on SQLite the
IMMEDIATE transaction already holds the only write lock) so that cards can
point at their residents without reading the ids back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


def existing(table: str, column: str, values: list[str]) -> set[str]:
    """Which of `values` the table's column already holds: one query (in chunks on
    SQLite, whose statements take a limited number of parameters), not the ORM's
    `__in` lookup, which prepares each of a batch's thousands of values on its own."""
    found: set[str] = set()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # One text split by the server: psycopg's list dumper is Python, value by
            # value. A unit separator (U+001F) is a control character, which no
            # value that passed the row checks holds.
            sql = f'SELECT "{column}" FROM "{table}" WHERE "{column}" = ANY(string_to_array(%s, chr(31)))'
            cur.execute(sql, ["\x1f".join(values)])
            found.update(row[0] for row in cur.fetchall())
            return found
        for start in range(0, len(values), 900):
            chunk = values[start : start + 900]
            cur.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IN ({", ".join(["%s"] * len(chunk))})', chunk)
            found.update(row[0] for row in cur.fetchall())
    return found


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
        cur.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', _for_sqlite(rows))


def _for_sqlite(rows: list[tuple]) -> list[tuple] | list[list]:
    """A datetime as Django stores it on SQLite (naive, in the connection's zone).
    A date needs nothing: the sqlite3 adapter Django registers writes its isoformat.
    Only the columns that hold a datetime (or nothing) in the first row are looked
    at: converting every value of a million rows was a tenth of the import."""
    stamps = [i for i, value in enumerate(rows[0]) if value is None or isinstance(value, datetime)]
    if not stamps:
        return rows
    adapted: dict[datetime, str] = {}  # a batch's rows share their one `updated_at`
    out = []
    for row in rows:
        values = list(row)
        for i in stamps:
            value = values[i]
            if isinstance(value, datetime):
                if value not in adapted:
                    adapted[value] = connection.ops.adapt_datetimefield_value(value)
                values[i] = adapted[value]
        out.append(values)
    return out
