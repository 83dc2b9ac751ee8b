"""`createstaff`: the account, the encrypted TOTP secret and the enrolment shown once."""

from __future__ import annotations

import io

import pyotp
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from madoguchi.audit.models import AuditEntry
from madoguchi.staff.models import StaffProfile

pytestmark = pytest.mark.django_db


def createstaff(monkeypatch, *args: str, password: str = "a long enough pass phrase") -> str:
    monkeypatch.setenv("MADOGUCHI_STAFF_PASSWORD", password)
    out = io.StringIO()
    call_command("createstaff", *args, stdout=out)
    return out.getvalue()


def test_createstaff_prints_the_otpauth_uri_and_a_qr_code(monkeypatch):
    out = createstaff(monkeypatch, "--username", "yamada", "--role", "supervisor")
    uri = out.strip().splitlines()[-1]
    assert uri.startswith("otpauth://totp/") and "yamada" in uri
    assert "█" in out or "▀" in out  # the terminal QR code
    profile = StaffProfile.objects.get(user__username="yamada")
    assert profile.role == "supervisor"
    assert pyotp.parse_uri(uri).secret == profile.totp_secret
    assert AuditEntry.objects.filter(action="create", subject_type="staff-user").exists()


def test_the_totp_secret_is_stored_encrypted(monkeypatch):
    createstaff(monkeypatch, "--username", "yamada", "--role", "clerk", "--no-qr")
    profile = StaffProfile.objects.get()
    with connection.cursor() as cur:
        cur.execute("SELECT totp_secret FROM staff_staffprofile")
        (raw,) = cur.fetchone()
    assert raw.startswith("v1:") and profile.totp_secret not in raw


def test_createstaff_refuses_a_weak_password_or_a_taken_name(monkeypatch):
    with pytest.raises(CommandError, match="too weak"):
        createstaff(monkeypatch, "--username", "yamada", "--role", "clerk", password="short")
    createstaff(monkeypatch, "--username", "yamada", "--role", "clerk")
    with pytest.raises(CommandError, match="already taken"):
        createstaff(monkeypatch, "--username", "yamada", "--role", "clerk")
    assert StaffProfile.objects.count() == 1


def test_a_disabled_account_is_kept_but_cannot_log_in_until_enabled(make_staff):
    from django.test import Client

    from .conftest import log_in

    member = make_staff("tanaka")
    call_command("staff_account", "disable", "tanaka", stdout=io.StringIO())
    response = Client().post("/staff/login/", {"username": "tanaka", "password": member.password})
    assert response.status_code == 400
    listing = io.StringIO()
    call_command("staff_account", "list", stdout=listing)
    assert "tanaka\tclerk\tdisabled" in listing.getvalue()
    call_command("staff_account", "enable", "tanaka", stdout=io.StringIO())
    log_in(Client(), member)


def test_reset_totp_replaces_the_secret_and_the_old_codes_stop_working(make_staff):
    from django.test import Client

    member = make_staff("tanaka")
    out = io.StringIO()
    call_command("staff_account", "reset-totp", "tanaka", stdout=out)
    new_secret = pyotp.parse_uri(out.getvalue().strip().splitlines()[-1]).secret
    assert new_secret != member.secret and StaffProfile.objects.get().totp_secret == new_secret
    client = Client()
    client.post("/staff/login/", {"username": "tanaka", "password": member.password})
    assert client.post("/staff/login/code/", {"code": member.code()}).status_code == 400
    with pytest.raises(CommandError, match="no staff user 'nobody'"):
        call_command("staff_account", "reset-totp", "nobody", stdout=io.StringIO())
