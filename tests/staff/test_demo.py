"""The demo staff accounts: made once, able to log in, never under production settings."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client, override_settings

from madoguchi.staff import demo
from madoguchi.staff.models import StaffProfile

pytestmark = pytest.mark.django_db


def test_seed_makes_the_published_accounts_once_and_they_can_log_in():
    first, again = demo.seed(), demo.seed()
    assert first.startswith("2 demo staff made") and again.startswith("0 demo staff made")
    assert "demo-clerk-password" in first
    username, _, password, secret = demo.DEMO_STAFF[0]
    client = Client()
    client.post("/staff/login/", {"username": username, "password": password})
    assert client.post("/staff/login/code/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/staff/").status_code == 200


def test_seed_refuses_under_the_production_settings():
    with override_settings(SETTINGS_MODULE="madoguchi.settings.production"):
        assert demo.seed().startswith("refused")
    assert not StaffProfile.objects.exists()
