"""A stored My Number appears nowhere in plain: not in the database (the SQLite
file's bytes, every PostgreSQL table as text), not in the logs (SQL included),
not in any rendered staff page or API answer, except the one audited reveal."""

from __future__ import annotations

import io
import json
import logging
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.actions import ACTIONS
from tests.staff.conftest import log_in, make_staff  # noqa: F401 (a fixture)

from .conftest import MY_NUMBER, make_card, make_resident

pytestmark = pytest.mark.django_db(transaction=True)


def database_text() -> bytes:
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "copy.sqlite3"
            with connection.cursor() as cur:
                cur.execute("VACUUM INTO %s", [str(copy)])
            return copy.read_bytes()
    chunks = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f'SELECT t::text FROM "{table}" t')
            chunks += [row[0] for row in cur.fetchall()]
    return "\n".join(chunks).encode()


def test_the_number_is_found_only_on_the_one_audited_reveal(make_staff, monkeypatch, caplog):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # every SQL statement and its parameters into the log
    try:
        resident = make_resident()
        card = make_card(resident, status="suspended", lost=True)
        clerk, supervisor = Client(), Client()
        log_in(clerk, make_staff("tanaka", "clerk"))
        log_in(supervisor, make_staff("suzuki", "supervisor"))

        pages = [clerk.get("/staff/"), clerk.get("/staff/residents/", {"kana": "コガネイ"})]
        pages.append(clerk.get(f"/staff/residents/{resident.pk}/"))
        pages += [clerk.get(f"/staff/cards/{card.pk}/do/{action}/") for action in ACTIONS]
        form = {"applicant_type": "self", "procedure": "reissue-after-loss", "documents": ["id-document", "application-form"]}
        pages.append(clerk.post(f"/staff/cards/{card.pk}/do/apply-reissue/", form, follow=True))
        pages.append(clerk.post(f"/staff/cards/{card.pk}/do/my-number-change/", {"new_number": "1"}))
        pages.append(supervisor.get(f"/staff/residents/{resident.pk}/"))
        texts = [p.content.decode() for p in pages]
        receipt = resident.cases.get().pk
        pdf = clerk.get(f"/staff/cases/{receipt}/receipt.pdf").content
        texts.append(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
        copy = clerk.get(f"/staff/cases/{receipt}/copy.pdf").content
        texts.append(PdfReader(io.BytesIO(copy)).pages[0].extract_text())
        form = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf").content
        texts.append(PdfReader(io.BytesIO(form)).pages[0].extract_text())

        assert all(MY_NUMBER not in text for text in texts)
        assert "**** **** 9018" in texts[2]

        revealed = supervisor.post(f"/staff/residents/{resident.pk}/reveal/", {"reason": "J-LIS照会"}).content.decode()
        assert revealed.count(MY_NUMBER) == 1
        assert AuditEntry.objects.filter(action="reveal-my-number", resident_id=str(resident.pk)).count() == 1
    finally:
        connection.force_debug_cursor = False

    assert MY_NUMBER.encode() not in database_text()
    assert "counter_resident" in caplog.text  # the SQL was logged ...
    assert MY_NUMBER not in caplog.text  # ... with the number only ever encrypted
    assert MY_NUMBER not in json.dumps(list(AuditEntry.objects.values("reason", "detail")), ensure_ascii=False)
