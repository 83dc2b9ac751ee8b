"""What a manifest records of a database, read the same way from the backup's
snapshot and from a restored database, so that the two can be compared.

Every model's table is counted (derived from the models, not a second list);
the migrations applied (the last per app); the audit log's last entry; and,
for every encrypted column, how many values each key id sealed, so that a
restore can tell, before decrypting anything, that a needed key is missing.
The SQL is plain and parameterless: the same text runs on sqlite3, psycopg
and Django's cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Query = Callable[[str], Sequence[Sequence[Any]]]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables() -> dict[str, str]:
    """Model label ("counter.resident") -> its table, for every table the app owns."""
    from django.apps import apps

    out = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            out[meta.label_lower] = meta.db_table
    return dict(sorted(out.items()))


def encrypted_columns() -> dict[str, tuple[str, str]]:
    """"counter.resident.my_number" -> (table, column), for every EncryptedTextField."""
    from django.apps import apps

    from madoguchi.staff.fields import EncryptedTextField

    out = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                out[f"{model._meta.label_lower}.{f.name}"] = (model._meta.db_table, f.column)
    return dict(sorted(out.items()))


def audit_table() -> str:
    from madoguchi.audit.models import AuditEntry

    return AuditEntry._meta.db_table


def row_counts(query: Query) -> dict[str, int]:
    return {label: int(query(f"SELECT count(*) FROM {quote(table)}")[0][0]) for label, table in tables().items()}


def migration_heads(query: Query) -> dict[str, str]:
    """The last migration applied per app (names start with their number)."""
    heads: dict[str, str] = {}
    for app, name in query("SELECT app, name FROM django_migrations"):
        if name > heads.get(app, ""):
            heads[app] = name
    return dict(sorted(heads.items()))


def audit_tip(query: Query) -> dict[str, Any]:
    rows = query(f"SELECT id, hash FROM {quote(audit_table())} ORDER BY id DESC LIMIT 1")
    return {"id": int(rows[0][0]), "hash": rows[0][1]} if rows else {"id": 0, "hash": ""}


def audit_entries_up_to(query: Query, entry_id: int) -> int:
    return int(query(f"SELECT count(*) FROM {quote(audit_table())} WHERE id <= {int(entry_id)}")[0][0])


def encryption_key_ids(query: Query) -> dict[str, dict[str, int]]:
    """Per encrypted column, {key id: values}. A value reads `v1:<key id>:...` (staff/crypto.py)."""
    out = {}
    for label, (table, column) in encrypted_columns().items():
        rows = query(
            f"SELECT substr({quote(column)}, 4, 8), count(*) FROM {quote(table)} "
            f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> '' GROUP BY substr({quote(column)}, 4, 8)"
        )
        out[label] = {str(k): int(n) for k, n in sorted(rows)}
    return out


def gather(query: Query) -> dict[str, Any]:
    return {
        "migrations": migration_heads(query),
        "rows": row_counts(query),
        "audit": audit_tip(query),
        "encryption_keys": encryption_key_ids(query),
    }


def sqlite_query(conn) -> Query:
    return lambda sql: conn.execute(sql).fetchall()


def cursor_query(cursor) -> Query:
    """For a DB-API cursor (psycopg, Django's)."""

    def run(sql: str):
        cursor.execute(sql)
        return cursor.fetchall()

    return run
