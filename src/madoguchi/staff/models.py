"""Staff accounts: a role and a TOTP secret beside each Django user, API tokens,
and the failed-login counters that lock out guessing."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from madoguchi.core.roles import Role

from .fields import EncryptedTextField


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_profile")
    role = models.CharField(max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)
    # The base32 TOTP secret, encrypted; never shown again after enrolment.
    totp_secret = EncryptedTextField(purpose="staff.totp")
    # The 30-second step of the last accepted code: a code is accepted once.
    totp_last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField()
    # The clerk's screens are in Japanese; English beside each label is the
    # user's own choice (staff.services.set_show_english, audited).
    show_english = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role})"


class ApiToken(models.Model):
    """A bearer token for the staff API. Only its SHA-256 is kept; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # the first characters, to tell tokens apart in a list
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A forgotten token in a script must not open the API for ever
    # (MADOGUCHI_API_TOKEN_DAYS); make a new one before this.
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.user_id})"


class LoginThrottle(models.Model):
    """Failed logins per username and address; kept in the database so that every
    app process shares it."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="staff_throttle_user_ip")]
