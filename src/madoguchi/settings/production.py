"""Production: secrets, keys and hosts from the environment; HTTPS only.

It refuses to start without DJANGO_SECRET_KEY, ALLOWED_HOSTS,
MADOGUCHI_ENCRYPTION_KEY and MADOGUCHI_INDEX_KEY, naming what is missing.
`madoguchi manage check --deploy` reports nothing with these settings and the
README's example environment, and fails on a dangerous value: the published
development keys, `ALLOWED_HOSTS=*`, MADOGUCHI_PUBLIC_URL unset or not https,
a pinned clock (core/checks.py, staff/checks.py; tests/core/test_checks.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for production (see README.md, 'Deploying on PostgreSQL', and docs/staff.md)")
    return value


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS").split(",") if h.strip()]
MADOGUCHI_ENCRYPTION_KEY = required("MADOGUCHI_ENCRYPTION_KEY")
MADOGUCHI_INDEX_KEY = required("MADOGUCHI_INDEX_KEY")
# No development default: letters must link to the public site over https.
MADOGUCHI_PUBLIC_URL = os.environ.get("MADOGUCHI_PUBLIC_URL", "").strip()

# HTTPS only, behind the city's reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# The load balancer's health checks may come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Compressing Swagger UI's 8 MB of scripts and source maps (the API docs,
# ADR 0010) took `serve` minutes at every start; they are served as they are.
# Our own pages have no script; their CSS is still compressed.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv", "woff", "woff2",
    "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv", "js", "map",
)  # fmt: skip

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
