"""The audit log is append-only and hash-chained: tampering shows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from madoguchi.audit.models import AppendOnlyError, AuditEntry
from madoguchi.audit.services import GENESIS, Actor, record, verify_chain

pytestmark = pytest.mark.django_db


def three_entries() -> list[AuditEntry]:
    clerk = Actor("tanaka", "clerk")
    return [
        record(clerk, "read", "resident", 1, resident_id=1, reason="窓口で本人確認"),
        record(clerk, "update", "card", 7, resident_id=1, detail={"state": "suspended"}),
        record(Actor.system(), "create", "notice", 3, resident_id=1),
    ]


def test_entries_chain_onto_each_other():
    a, b, c = three_entries()
    assert a.prev_hash == GENESIS
    assert b.prev_hash == a.hash and c.prev_hash == b.hash
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_the_stored_hash_is_the_one_the_entry_computes_whatever_its_detail():
    # On PostgreSQL the database hashes the entry (one round trip); the
    # result must be exactly what verify_chain recomputes in Python.
    tricky = {"名前": "小金井 太郎", "n": [1, 2.5, None, True], "nested": {"prev": "0" * 64, "quote": '"prev":"'}, "empty": {}}
    entry = record(Actor("tanaka", "clerk"), "update", "resident", 9, resident_id=9, reason="改行\nと\"引用\"", detail=tricky)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.hash == entry.hash == stored.compute_hash() and stored.prev_hash == GENESIS
    assert stored.detail == tricky
    assert verify_chain().ok


def test_the_model_refuses_updates_and_deletes():
    a, *_ = three_entries()
    a.reason = "changed"
    with pytest.raises(AppendOnlyError):
        a.save()
    with pytest.raises(AppendOnlyError):
        a.delete()


def close_purge_switch() -> None:
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_purge_permit")


def test_the_database_refuses_updates_and_deletes_behind_the_models_back():
    three_entries()
    close_purge_switch()  # as in production (the suite opens it to empty tables between tests)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(actor="tanaka").update(reason="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(actor="system").delete()


def _tamper(sql: str) -> None:
    """Simulate an attacker with database access who drops the triggers first."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_update")
            cur.execute(sql)
            cur.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_no_update")
        else:
            cur.execute("DROP TRIGGER audit_auditentry_no_update")
            cur.execute("DROP TRIGGER audit_auditentry_no_delete")
            cur.execute(sql)


def test_an_edited_entry_breaks_the_chain():
    _, b, _ = three_entries()
    _tamper(f"UPDATE audit_auditentry SET reason = 'nothing to see' WHERE id = {b.id}")
    report = verify_chain()
    assert not report.ok and report.first_bad_id == b.id and "changed" in report.problem


def test_a_removed_entry_breaks_the_chain():
    _, b, c = three_entries()
    _tamper(f"DELETE FROM audit_auditentry WHERE id = {b.id}")
    report = verify_chain()
    assert not report.ok and report.first_bad_id == c.id and "removed" in report.problem


def test_verify_command_reports_intact_and_broken(capsys):
    _, b, _ = three_entries()
    call_command("verify_audit")
    assert "3 entries" in capsys.readouterr().out
    _tamper(f"UPDATE audit_auditentry SET actor = 'someone' WHERE id = {b.id}")
    with pytest.raises(CommandError, match=f"entry {b.id}"):
        call_command("verify_audit")
