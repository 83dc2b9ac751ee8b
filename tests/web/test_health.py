"""`/healthz` says whether the process and its database answer, for the load balancer."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_healthy_server_says_ok_and_is_never_cached():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_database_that_does_not_answer_gives_503_without_its_address(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}
    assert "db.internal" not in response.content.decode()
