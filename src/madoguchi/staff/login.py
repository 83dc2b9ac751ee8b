"""The two login steps: password, then a TOTP code. A session is "verified" only
after both; until then it holds just who is half-way through, for a few minutes.

Attempts are counted per username and address as they begin, and handed back
when right (throttle.py; the address is core.client's, which a client's own
X-Forwarded-For cannot change); failures are logged without the password or
code, and written to the audit log.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as django_login
from django.db import transaction
from django.http import HttpRequest

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.client import client_address

from . import throttle, totp
from .log_filters import scrub
from .models import StaffProfile

logger = logging.getLogger("madoguchi.staff.login")

PENDING_USER = "staff.pending_user"
PENDING_AT = "staff.pending_at"
VERIFIED = "staff.verified"
LOGIN_AT = "staff.login_at"
SEEN_AT = "staff.seen_at"
# The code must follow the password within this time.
PENDING_FOR = timedelta(minutes=5)


class LoginRefused(Exception):
    """`code` names the message to show: bad-credentials, bad-code, locked, expired."""

    def __init__(self, code: str, until: datetime | None = None):
        self.code, self.until = code, until
        super().__init__(code)


def _fail(username: str, ip: str, step: str) -> LoginRefused:
    until = throttle.locked_until(username, ip)  # the attempt was counted when it began (throttle.begin_attempt)
    # Whatever was typed as the username is kept, unless it looks like a My Number.
    shown = scrub(username)[:150]
    logger.warning("staff login failed at the %s step for user %r from %s", step, shown, ip)
    with transaction.atomic():
        record(Actor(shown, ""), "login-failed", "staff-user", shown[:64], detail={"ip": ip, "step": step})
    return LoginRefused("locked" if until else ("bad-code" if step == "code" else "bad-credentials"), until)


def check_password(request: HttpRequest, username: str, password: str) -> None:
    """Step 1. On success the session remembers the user as pending the code."""
    ip = client_address(request)
    until = throttle.begin_attempt(username, ip)  # checked and counted at once: parallel guesses cannot pass the limit
    if until:
        raise LoginRefused("locked", until)
    user = authenticate(request, username=username, password=password)
    profile = StaffProfile.objects.filter(user=user, active=True).first() if user is not None else None
    if profile is None:
        raise _fail(username, ip, "password")
    throttle.attempt_succeeded(username, ip)
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_AT] = clock.now().isoformat()


def pending_user(request: HttpRequest):
    """The user who gave the right password in this session, if recently enough."""
    user_id, at = request.session.get(PENDING_USER), request.session.get(PENDING_AT)
    if user_id is None or at is None or clock.now() - datetime.fromisoformat(at) > PENDING_FOR:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def check_code(request: HttpRequest, code: str) -> None:
    """Step 2. On success the user is logged in and the session is verified."""
    user = pending_user(request)
    if user is None:
        raise LoginRefused("expired")
    ip = client_address(request)
    until = throttle.begin_attempt(user.username, ip)
    if until:
        raise LoginRefused("locked", until)
    with transaction.atomic():
        profile = StaffProfile.objects.select_for_update().filter(user=user, active=True).first()
        step = totp.matching_step(profile.totp_secret, code) if profile else None
        # A code already used (seen on a shoulder or a screen) is refused.
        if step is not None and step > profile.totp_last_step:
            profile.totp_last_step = step
            profile.save(update_fields=["totp_last_step"])
            _complete(request, user, profile, ip)
            return
    raise _fail(user.username, ip, "code")


def _complete(request: HttpRequest, user, profile: StaffProfile, ip: str) -> None:
    throttle.attempt_succeeded(user.username, ip)
    throttle.clear(user.username, ip)
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = clock.now().isoformat()
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_AT, None)
    request.session[VERIFIED] = True
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    record(Actor(user.username, profile.role), "login", "staff-user", user.pk, detail={"ip": ip})
    logger.info("staff login: %s from %s", user.username, ip)
