"""Health for the load balancer: readiness (`/healthz`, `/healthz/ready`) commits a write and checks
the disk; liveness (`/healthz/live`) only that the process answers."""

from __future__ import annotations

import shutil
from collections import namedtuple

import pytest
from django.db import OperationalError
from django.test import Client

from madoguchi.web.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # a checkout's ./var may not exist yet

Usage = namedtuple("Usage", "total used free")
MB = 1024 * 1024


@pytest.mark.parametrize("path", ["/healthz", "/healthz/ready"])
def test_a_healthy_server_is_ready_commits_its_heartbeat_and_is_never_cached(path):
    response = Client().get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["disk"]) == ("ok", "ok") and body["free_mb"] >= body["min_free_mb"] == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    first = Heartbeat.objects.get(pk=1).at
    Client().get(path)
    assert Heartbeat.objects.get(pk=1).at > first  # each check writes


def _refuse_writes(monkeypatch, message: str) -> None:
    from django.db.backends.utils import CursorWrapper

    execute = CursorWrapper.execute

    def refuse(self, sql, params=None):
        if sql.lstrip().upper().startswith(("UPDATE", "INSERT")):
            raise OperationalError(message)
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


def test_a_database_that_takes_no_write_is_not_ready_and_the_answer_tells_only_the_kind(monkeypatch):
    # A failed-over read-only standby, a full disk: reads work, writes do not.
    _refuse_writes(monkeypatch, "cannot execute UPDATE in a read-only transaction at db.internal:5432")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["database"] == "OperationalError"
    assert "db.internal" not in response.content.decode()
    assert Client().get("/healthz/live").status_code == 200  # alive: no restart, just no traffic


def test_a_database_that_does_not_answer_is_not_ready(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "OperationalError"
    assert "db.internal" not in response.content.decode()


def test_a_nearly_full_data_directory_is_not_ready(monkeypatch, settings):
    settings.MADOGUCHI_HEALTH_MIN_FREE_MB = 500
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: Usage(100_000 * MB, 99_600 * MB, 400 * MB))
    response = Client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": response.json()["database"], "disk": "low",
                               "free_mb": 400, "min_free_mb": 500}
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: Usage(100_000 * MB, 99_400 * MB, 600 * MB))
    assert Client().get("/healthz/ready").status_code == 200


def test_a_missing_data_directory_is_not_ready(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "not-there"
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["disk"] == "missing"


def test_liveness_needs_neither_database_nor_disk(monkeypatch, settings, tmp_path):
    from django.db.backends.utils import CursorWrapper

    monkeypatch.setattr(CursorWrapper, "execute", lambda self, sql, params=None: (_ for _ in ()).throw(OperationalError("down")))
    settings.DATA_DIR = tmp_path / "not-there"
    response = Client().get("/healthz/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
