"""Staff API tokens: shown once, stored hashed, revocable; anything else is not authenticated."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from madoguchi.audit.services import Actor
from madoguchi.staff.api_auth import StaffTokenAuth, api_actor
from madoguchi.staff.models import ApiToken
from madoguchi.staff.services import create_api_token, hash_token, set_active

pytestmark = pytest.mark.django_db
ADMIN = Actor("test", "administrator")


def authenticate(header: str | None):
    request = RequestFactory().get("/api/v1/x", **({"HTTP_AUTHORIZATION": header} if header else {}))
    request.auth = StaffTokenAuth()(request)
    return request


def test_a_token_authenticates_its_user_and_names_the_actor(make_staff):
    make_staff("tanaka", "clerk")
    _, plain = create_api_token(ADMIN, username="tanaka", name="terminal 3")
    request = authenticate(f"Bearer {plain}")
    assert request.auth.username == "tanaka"
    assert api_actor(request) == Actor("tanaka", "clerk")
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_hash_is_stored(make_staff):
    make_staff()
    token, plain = create_api_token(ADMIN, username="tanaka", name="")
    assert plain not in str(ApiToken.objects.values().get())
    assert token.token_hash == hash_token(plain)


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer mdg_not-a-token", "Basic dGFuYWthOng=", "Bearer " + "x" * 500])
def test_anything_but_a_valid_token_is_refused(make_staff, header):
    make_staff()
    create_api_token(ADMIN, username="tanaka", name="")
    assert authenticate(header).auth is None


def test_a_revoked_token_or_a_disabled_user_is_refused(make_staff):
    make_staff("tanaka")
    make_staff("sato")
    revoked, revoked_plain = create_api_token(ADMIN, username="tanaka", name="")
    call_command("staff_token", "revoke", str(revoked.pk), stdout=io.StringIO())
    assert authenticate(f"Bearer {revoked_plain}").auth is None
    _, plain = create_api_token(ADMIN, username="sato", name="")
    set_active(ADMIN, username="sato", active=False)
    assert authenticate(f"Bearer {plain}").auth is None


def test_a_token_works_for_its_days_and_then_stops(make_staff, settings):
    from datetime import datetime, timedelta

    from madoguchi.core import clock

    make_staff()
    made = datetime(2026, 12, 1, 9, 0, tzinfo=clock.TOKYO)
    with clock.pinned(made):
        default, default_plain = create_api_token(ADMIN, username="tanaka", name="terminal")
        short, short_plain = create_api_token(ADMIN, username="tanaka", name="script", days=7)
    assert default.expires_at == made + timedelta(days=settings.MADOGUCHI_API_TOKEN_DAYS)
    with clock.pinned(made + timedelta(days=6, hours=23)):
        assert authenticate(f"Bearer {short_plain}").auth.username == "tanaka"
    with clock.pinned(made + timedelta(days=7)):
        assert authenticate(f"Bearer {short_plain}").auth is None
        assert authenticate(f"Bearer {default_plain}").auth.username == "tanaka"
        listing = io.StringIO()
        call_command("staff_token", "list", stdout=listing)
    assert "expired 2026-12-08" in listing.getvalue() and "active until 2027-03-01" in listing.getvalue()
    with pytest.raises(CommandError, match="1 to 366 days"):
        call_command("staff_token", "create", "--username", "tanaka", "--days", "0", stdout=io.StringIO())


def test_the_command_shows_a_new_token_once_and_lists_only_its_prefix(make_staff):
    make_staff()
    out = io.StringIO()
    call_command("staff_token", "create", "--username", "tanaka", "--name", "script", stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    assert authenticate(f"Bearer {plain}").auth.username == "tanaka"
    listing = io.StringIO()
    call_command("staff_token", "list", stdout=listing)
    assert plain[:10] in listing.getvalue() and plain not in listing.getvalue()


def test_the_command_explains_an_unknown_user_or_token(db):
    with pytest.raises(CommandError, match="no active staff user"):
        call_command("staff_token", "create", "--username", "nobody", stdout=io.StringIO())
    with pytest.raises(CommandError, match="staff_token list"):
        call_command("staff_token", "revoke", "999", stdout=io.StringIO())
