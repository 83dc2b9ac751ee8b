"""Deployment checks (`madoguchi manage check --deploy`): values that are fine
on a developer's machine and dangerous with residents' data.

Each is an Error, so `check --deploy` exits non-zero: the published development
secret key, a host list that accepts any Host header, letters that would link
to a development or plain-http address, and a clock pinned by MADOGUCHI_NOW
(bookings, deadlines and expiries would all be computed for a fixed moment).
The published encryption and index keys are checked beside the keys
(staff/checks.py). Tested in tests/core/test_checks.py, with the README's
production example passing.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

DEPLOY = {"deploy": True}


@checks.register(checks.Tags.security, **DEPLOY)
def secret_key_is_not_the_development_key(app_configs=None, **kwargs):
    from madoguchi.core.development import DEVELOPMENT_SECRET_KEY

    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        return [
            checks.Error(
                "DJANGO_SECRET_KEY is the development key published in madoguchi/settings/base.py: "
                "sessions, CSRF tokens and booking links could be forged.",
                hint="Set DJANGO_SECRET_KEY to a long random value (README, 'Deploying on PostgreSQL').",
                id="core.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, **DEPLOY)
def allowed_hosts_are_named(app_configs=None, **kwargs):
    if "*" in settings.ALLOWED_HOSTS:
        return [
            checks.Error(
                "ALLOWED_HOSTS contains '*': any Host header is accepted, so addresses the server builds "
                "from the request (redirects, absolute links) can be pointed at another site.",
                hint="List the site's own host names, comma-separated, e.g. ALLOWED_HOSTS=madoguchi.city.example.jp.",
                id="core.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, **DEPLOY)
def public_url_is_https(app_configs=None, **kwargs):
    value = (getattr(settings, "MADOGUCHI_PUBLIC_URL", "") or "").strip()
    hint = "Set MADOGUCHI_PUBLIC_URL to the public site's address, e.g. https://madoguchi.city.example.jp."
    if not value:
        return [checks.Error("MADOGUCHI_PUBLIC_URL is not set: letters and mail would have no working booking link.", hint=hint, id="core.E003")]
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        return [
            checks.Error(
                f"MADOGUCHI_PUBLIC_URL is {value!r}: letters and mail must link to the public site over https.",
                hint=hint,
                id="core.E003",
            )
        ]
    return []


@checks.register(checks.Tags.security, **DEPLOY)
def clock_is_not_pinned(app_configs=None, **kwargs):
    if os.environ.get("MADOGUCHI_NOW", "").strip():
        return [
            checks.Error(
                "MADOGUCHI_NOW is set: the clock is pinned, so slots, deadlines, expiries and the audit log's "
                "times would all be for one fixed moment.",
                hint="Unset MADOGUCHI_NOW (it is for tests and demos).",
                id="core.E004",
            )
        ]
    return []


@checks.register()
def letter_era_is_a_choice(app_configs=None, **kwargs):
    """Every run, not only --deploy: a mistyped era setting is named, not silently read as the default."""
    from madoguchi.core.date_text import ERA_CHOICES

    value = getattr(settings, "MADOGUCHI_LETTER_ERA", "beside")
    if value not in ERA_CHOICES:
        return [
            checks.Error(
                f"MADOGUCHI_LETTER_ERA is {value!r}, not one of {', '.join(ERA_CHOICES)}: letters would not say the year as intended.",
                hint="Set MADOGUCHI_LETTER_ERA=beside (2027年（令和9年）1月30日), instead (令和9年1月30日) or none (docs/calendar.md).",
                id="core.E005",
            )
        ]
    return []
