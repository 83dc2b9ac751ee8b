"""The guide's pages are read on a pinned day: Friday 2026-11-20, before the
maintenance Sunday (11/22) and Labour Thanksgiving Day (11/23)."""

from __future__ import annotations

import pytest
from django.test import Client

PINNED_NOW = "2026-11-20T10:00+09:00"

LOST_OUTSIDE = {
    "situation": "lost", "lost_where": "outside", "lost_found": "not-found",
    "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self",
}


@pytest.fixture
def client(monkeypatch) -> Client:
    monkeypatch.setenv("MADOGUCHI_NOW", PINNED_NOW)
    return Client()
