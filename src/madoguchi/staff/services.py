"""Staff account actions. Each runs in one transaction and leaves an audit entry."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import text as message_text
from madoguchi.core.roles import Role
from madoguchi.rules.text import Text

from . import totp
from .models import ApiToken, StaffProfile

TOKEN_PREFIX = "mdg_"


class StaffAccountError(ValueError):
    """Bad input to a staff action: what is wrong and what to do, in every language
    (`staff.account.<code>` in staff/messages.yaml, or a text given)."""

    def __init__(self, code: str, text: Text | None = None, **params: object):
        self.code = code
        self.text = text if text is not None else message_text(f"staff.account.{code.replace('-', '_')}", **params)
        super().__init__(self.text.en)

    @property
    def message_en(self) -> str:
        return self.text.en

    @property
    def message_ja(self) -> str:
        return self.text.ja


def _plain_text(value: str, longest: int) -> None:
    """A username or a token's name is kept and audited: no My Number (core.inputs)."""
    try:
        check_line(value or "", max_length=longest)
    except FreeTextError as e:
        raise StaffAccountError(e.code, e.text) from None


@dataclass(frozen=True)
class Enrolment:
    """What the new staff member needs once: the secret for their authenticator app."""

    user_id: int
    secret: str
    uri: str


def _issuer() -> str:
    from madoguchi.core.city import municipality

    return f"Madoguchi {municipality().city.name.get('en')}"


@transaction.atomic
def create_staff(actor: Actor, *, username: str, role: str, password: str, totp_secret: str | None = None) -> Enrolment:
    """A new account with a fresh TOTP secret (a given one only for the demo's known accounts)."""
    if role not in Role.values:
        raise StaffAccountError("unknown-role", roles=", ".join(Role.values))
    _plain_text(username, 150)
    User = get_user_model()
    if not username or User.objects.filter(username=username).exists():
        raise StaffAccountError("username-taken", username=username)
    user = User(username=username)
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise StaffAccountError("weak-password", reasons=" ".join(e.messages)) from e
    user.set_password(password)
    user.save()
    secret = totp_secret or totp.new_secret()
    StaffProfile.objects.create(user=user, role=role, totp_secret=secret, created_at=clock.now())
    record(actor, "create", "staff-user", user.pk, detail={"username": username, "role": role})
    return Enrolment(user.pk, secret, totp.provisioning_uri(secret, username, _issuer()))


@transaction.atomic
def set_active(actor: Actor, *, username: str, active: bool) -> None:
    profile = StaffProfile.objects.select_for_update().select_related("user").filter(user__username=username).first()
    if profile is None:
        raise StaffAccountError("unknown-user", username=username)
    profile.active = active
    profile.save(update_fields=["active"])
    if not active:
        ApiToken.objects.filter(user=profile.user, revoked_at__isnull=True).update(revoked_at=clock.now())
    record(actor, "update", "staff-user", profile.user_id, detail={"active": active})


@transaction.atomic
def set_show_english(actor: Actor, profile: StaffProfile, show: bool) -> StaffProfile:
    """The user's own choice: English beside the Japanese on the clerk's screens, or not."""
    locked = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    locked.show_english = bool(show)
    locked.save(update_fields=["show_english"])
    profile.show_english = locked.show_english
    record(actor, "update", "staff-user", locked.user_id, reason="preference", detail={"show_english": locked.show_english})
    return profile


@transaction.atomic
def reset_totp(actor: Actor, *, username: str) -> Enrolment:
    """A new TOTP secret (a lost or replaced phone); the old codes stop working at once."""
    profile = StaffProfile.objects.select_for_update().select_related("user").filter(user__username=username).first()
    if profile is None:
        raise StaffAccountError("unknown-user", username=username)
    profile.totp_secret = totp.new_secret()
    profile.totp_last_step = 0
    profile.save(update_fields=["totp_secret", "totp_last_step"])
    record(actor, "update", "staff-user", profile.user_id, detail={"totp": "reset"})
    return Enrolment(profile.user_id, profile.totp_secret, totp.provisioning_uri(profile.totp_secret, username, _issuer()))


MAX_TOKEN_DAYS = 366


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_api_token(actor: Actor, *, username: str, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token valid for `days` (default MADOGUCHI_API_TOKEN_DAYS); the
    caller shows the plain token once, it is never stored."""
    days = settings.MADOGUCHI_API_TOKEN_DAYS if days is None else days
    if not (1 <= days <= MAX_TOKEN_DAYS):
        raise StaffAccountError("token-days", most=MAX_TOKEN_DAYS, days=days)
    _plain_text(name, 100)
    profile = StaffProfile.objects.select_related("user").filter(user__username=username, active=True).first()
    if profile is None:
        raise StaffAccountError("inactive-user", username=username)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        user=profile.user, name=name or "api", token_hash=hash_token(plain), prefix=plain[:10], created_at=now,
        expires_at=now + timedelta(days=days),
    )
    record(actor, "create", "api-token", token.pk, detail={"username": username, "name": token.name, "days": days})
    return token, plain


@transaction.atomic
def revoke_api_token(actor: Actor, *, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise StaffAccountError("unknown-token", token_id=token_id)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "revoke", "api-token", token.pk, detail={"name": token.name})
    return token
