"""Demo staff accounts for `make run`: fictional, with published passwords and TOTP
secrets so that anyone trying the system can log in. Never under the production settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from madoguchi.audit.services import Actor

from .services import create_staff

# (username, role, password, TOTP secret in base32): public on purpose, see README.md.
DEMO_STAFF = [
    ("demo-clerk", "clerk", "demo-clerk-password", "DEMOCLERKDEMOCLERKDEMOCLERKDEMO2"),
    ("demo-supervisor", "supervisor", "demo-supervisor-password", "DEMOSUPERVISORDEMOSUPERVISORDEM2"),
]


def seed() -> str:
    if settings.SETTINGS_MODULE.endswith(".production"):
        return "refused: demo staff accounts with published passwords are never made under the production settings"
    User = get_user_model()
    made = []
    for username, role, password, secret in DEMO_STAFF:
        if not User.objects.filter(username=username).exists():
            create_staff(Actor.system(), username=username, role=role, password=password, totp_secret=secret)
            made.append(username)
    accounts = "; ".join(f"{u} / {p} / TOTP secret {s}" for u, _, p, s in DEMO_STAFF)
    return f"{len(made)} demo staff made; log in at /staff/login/ as {accounts} (a code: python3 -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\")"
