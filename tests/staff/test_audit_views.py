"""The supervisor's audit screen: search by who, when, what, which resident, why;
the search is itself recorded; the chain is verified on demand."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import connection

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor, record
from madoguchi.staff import audit_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    """A few days at the counter, recorded before the supervisor looks."""
    tanaka, sato = Actor("tanaka", "clerk"), Actor("sato", "clerk")
    for day, actor, action, resident, reason in [
        (1, tanaka, "read", 11, "窓口で本人確認"),
        (1, tanaka, "update", 11, "一時停止の解除"),
        (2, sato, "read", 12, "転入の手続"),
        (3, sato, "reveal-my-number", 12, "J-LISへの照会"),
    ]:
        with clock.pinned(datetime(2026, 12, day, 10, 0, tzinfo=clock.TOKYO)):
            record(actor, action, "resident", resident, resident_id=resident, reason=reason)


def rows(response) -> list[str]:
    body = response.content.decode()
    return [chunk.split("</tr>")[0] for chunk in body.split("<tbody>")[1].split("<tr>")[1:]] if "<tbody>" in body else []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "sato"}, 2),
        ({"date_from": "2026-12-02", "date_to": "2026-12-02"}, 1),
        ({"action": "reveal-my-number"}, 1),
        ({"resident": "11"}, 2),
        ({"reason": "本人確認"}, 1),
        ({"actor": "tanaka", "action": "update"}, 1),
    ],
)
def test_each_filter_narrows_the_search(history, supervisor_client, query, expected):
    response = supervisor_client.get("/staff/audit/", query)
    assert response.status_code == 200
    # suzuki's own login and the earlier entries of this search may also match "read"; the history filters exclude them
    assert len([r for r in rows(response) if "suzuki" not in r]) == expected


def test_reading_the_log_is_itself_recorded_with_the_filters(history, supervisor_client):
    supervisor_client.get("/staff/audit/", {"actor": "sato"})
    entry = AuditEntry.objects.filter(actor="suzuki", action="read", subject_type="audit-log").get()
    assert entry.detail == {"filters": {"actor": "sato"}, "page": 1, "shown": 2}


def test_results_are_paginated(history, supervisor_client, monkeypatch):
    monkeypatch.setattr(audit_search, "PER_PAGE", 1)
    first = supervisor_client.get("/staff/audit/", {"actor": "tanaka"})
    assert "actor=tanaka&amp;page=2" in first.content.decode() and len(rows(first)) == 1
    second = supervisor_client.get("/staff/audit/", {"actor": "tanaka", "page": "2"})
    assert "（2/2ページ）" in second.content.decode() and len(rows(second)) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-12-31", "date_to": "2026-12-01"}, "終了日は開始日以降"),
        ({"date_from": "yesterday"}, "2026-12-01 の形"),
        ({"action": "drop-table"}, "一覧から操作を選んで"),
        ({"reason": "6214 9832 0257"}, "12桁の番号"),
        ({"resident": "6214-9832-0258"}, "12桁の番号"),  # mistyped: still refused
    ],
)
def test_bad_filters_are_explained_and_nothing_is_read_or_recorded(history, supervisor_client, query, message):
    before = AuditEntry.objects.count()
    response = supervisor_client.get("/staff/audit/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_verifying_an_intact_chain_says_so(history, supervisor_client):
    response = supervisor_client.post("/staff/audit/", {"verify": "1"})
    assert "改ざんは見つかりませんでした" in response.content.decode()
    assert AuditEntry.objects.filter(action="verify", detail__ok=True).exists()


def test_verifying_a_tampered_chain_names_the_entry(history, supervisor_client):
    target = AuditEntry.objects.get(action="reveal-my-number")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_update")
        else:
            cur.execute("DROP TRIGGER audit_auditentry_no_update")
        cur.execute("UPDATE audit_auditentry SET reason = 'nothing to see' WHERE id = %s", [target.id])
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_no_update")
    body = supervisor_client.post("/staff/audit/", {"verify": "1"}).content.decode()
    assert "改ざんを検出しました" in body and f"記録 {target.id}" in body


def test_the_audit_search_shows_every_bad_filter(supervisor_client):
    html = supervisor_client.get("/staff/audit/", {"date_from": "2026-13-01", "date_to": "yesterday"}).content.decode()
    summary = html[html.index('class="error-summary"'):]
    assert re.findall(r'<a href="#(id_\w+)">', summary)[:2] == ["id_date_from", "id_date_to"]
