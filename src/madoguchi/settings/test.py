"""The test suite: the same as production but for fast password hashing."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No background mail thread unless a test asks for one (tests/booking/mail):
# the tests send with `send_pending_mail`, to a real SMTP server of their own.
MADOGUCHI_MAIL_AT_ONCE = False

# Static files straight from the apps; no collected folder in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The test database is a file, not SQLite's shared-cache memory database: a
# shared cache locks whole tables and ignores the busy timeout, so concurrent
# tests would fail where production (a WAL file with a timeout) waits. One
# file per process, because several test runs may share a machine (and, for
# the same reason, one PostgreSQL test database per process).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"madoguchi-test-{os.getpid()}.sqlite3")
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {"NAME": f"test_madoguchi_{os.getpid()}"}  # noqa: F405

# Both page-cache tiers in memory: nothing on disk, nothing shared between
# test processes; tests/conftest.py empties them before each test.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
