"""Settings shared by every deployment. Environment variables choose the rest:

- DATABASE_URL: default SQLite under MADOGUCHI_DATA_DIR; postgres://... in production.
- MADOGUCHI_CITY: the city's data folder under madoguchi/data (its one default is below).
- MADOGUCHI_DATA_DIR: where the SQLite file and generated files live (default ./var).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from madoguchi.core.development import DEVELOPMENT_SECRET_KEY
from madoguchi.rules.loader import city_mail_from

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MADOGUCHI_DATA_DIR", Path.cwd() / "var")).resolve()

# DEVELOPMENT_SECRET_KEY is published: development and tests only (`check --deploy` fails on it, core/checks.py).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

MADOGUCHI_CITY = os.environ.get("MADOGUCHI_CITY", "koganei")
# Which surface this process serves: "all", "public" (guide, bookings) or
# "staff" (the counter). A public process has no staff URL.
MADOGUCHI_SURFACE = os.environ.get("MADOGUCHI_SURFACE", "all")
if MADOGUCHI_SURFACE not in ("all", "public", "staff"):
    raise ValueError(f"MADOGUCHI_SURFACE must be all, public or staff, got {MADOGUCHI_SURFACE!r}")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its static files: the API's docs page (/api/v1/docs) then loads
    # Swagger UI from this site, not from a CDN, under the CSP below.
    "ninja",
    "madoguchi.core",
    "madoguchi.web",
    "madoguchi.audit",
    "madoguchi.staff",
    "madoguchi.guide",
    "madoguchi.booking",
    "madoguchi.counter",
    "madoguchi.notices",
    "madoguchi.queue",
    "madoguchi.forecast",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "madoguchi.web.middleware.RejectNulMiddleware",
    "madoguchi.web.busy.OverloadMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "madoguchi.staff.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy on every response (docs/adr/0010-content-security-policy.md):
# the pages load only their own static files; no inline script, no inline
# style, no plugin, no frame, and forms post only to this site. The nonce is
# sent only when a page asks for one: none of ours does (a test keeps every
# template free of inline code); Django's own CSRF-failure page did, which the product's page replaces (CSRF_FAILURE_VIEW).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "madoguchi.urls"
# Every Django form field renders the design system's way: label, hint, errors, widget (web/forms.py).
FORM_RENDERER = "madoguchi.web.forms.SiteFormRenderer"
# A form sent without its CSRF token gets the product's page in its language, not Django's English (madoguchi/errors.py).
CSRF_FAILURE_VIEW = "madoguchi.errors.csrf_failure"
WSGI_APPLICATION = "madoguchi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",  # `csp_nonce`, should a page ever need one (ADR 0010)
                "madoguchi.web.context.site",
            ],
        },
    },
]


# Every wait is bounded, on every connection (pages, API, commands): a lock
# (row, table, or the audit chain's advisory lock) is waited for at most
# MADOGUCHI_DB_LOCK_TIMEOUT_MS (PostgreSQL lock_timeout, SQLite's busy
# timeout) and a statement runs at most MADOGUCHI_DB_STATEMENT_TIMEOUT_MS
# (PostgreSQL statement_timeout). A wait that hits its bound is answered
# 503 + Retry-After (MADOGUCHI_RETRY_AFTER_SECONDS), "busy, try again at
# HH:MM", never a server error or a hang (core/problems.py, web/busy.py,
# api/problems.py). BOOKING_LOCK_TIMEOUT_MS, its former name, still works.
MADOGUCHI_DB_LOCK_TIMEOUT_MS = int(os.environ.get("MADOGUCHI_DB_LOCK_TIMEOUT_MS", os.environ.get("BOOKING_LOCK_TIMEOUT_MS", "2000")))
MADOGUCHI_DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("MADOGUCHI_DB_STATEMENT_TIMEOUT_MS", "30000"))
MADOGUCHI_RETRY_AFTER_SECONDS = int(os.environ.get("MADOGUCHI_RETRY_AFTER_SECONDS", os.environ.get("BOOKING_RETRY_AFTER_SECONDS", "30")))
# /healthz (readiness) answers 503 when the data directory has less free than this (web/health.py).
MADOGUCHI_HEALTH_MIN_FREE_MB = int(os.environ.get("MADOGUCHI_HEALTH_MIN_FREE_MB", "200"))


def database_from_env() -> dict:
    default = f"sqlite:///{DATA_DIR / 'madoguchi.sqlite3'}"
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", default), conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; the busy timeout makes a
        # second writer wait, for the lock timeout at most.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": MADOGUCHI_DB_LOCK_TIMEOUT_MS / 1000,
        }
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"].startswith("django.db.backends.postgresql"):
        # Set when the connection opens (libpq's `options`), so no connection
        # ever waits unbounded, whatever it served before. (Behind PgBouncer,
        # allow `options` in ignore_startup_parameters, or set both on the role.)
        bounds = f"-c lock_timeout={MADOGUCHI_DB_LOCK_TIMEOUT_MS} -c statement_timeout={MADOGUCHI_DB_STATEMENT_TIMEOUT_MS}"
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} {bounds}".strip()
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

# --- caches (web/page_cache.py, ADR 0022) ---
# Public guide pages are rendered once per URL, time bucket and render version
# and served from a cache every worker shares: a file cache under the data
# directory by default, or Redis when MADOGUCHI_CACHE_URL (redis://...) names
# one; each process keeps a small memory tier in front of it.
MADOGUCHI_PAGE_CACHE = os.environ.get("MADOGUCHI_PAGE_CACHE", "1") not in ("0", "false", "no")
MADOGUCHI_PAGE_CACHE_MINUTES = int(os.environ.get("MADOGUCHI_PAGE_CACHE_MINUTES", "5"))
if not 1 <= MADOGUCHI_PAGE_CACHE_MINUTES <= 60 or 60 % MADOGUCHI_PAGE_CACHE_MINUTES:
    raise ValueError("MADOGUCHI_PAGE_CACHE_MINUTES must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)")
_cache_url = os.environ.get("MADOGUCHI_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url.startswith(("redis://", "rediss://", "unix://"))
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    ),
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
}
if _cache_url and "RedisCache" not in CACHES["default"]["BACKEND"]:
    raise ValueError(f"MADOGUCHI_CACHE_URL must be a redis:// address, got {_cache_url!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every handler scrubs My Number-like digit runs (staff/log_filters.py).
    "filters": {"scrub_my_numbers": {"()": "madoguchi.staff.log_filters.ScrubMyNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub_my_numbers"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Their INFO lines (each CSS step, each font subset) drown the app's own.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- the client's address (core/client.py) ---
# The reverse proxies in front of the app, as addresses or networks
# ("10.0.0.5,192.168.0.0/24"). Only when REMOTE_ADDR is one of them is
# X-Forwarded-For read, from the right, skipping them. Empty: trust none,
# REMOTE_ADDR is the client. Every lockout and rate limit keys on it.
MADOGUCHI_TRUSTED_PROXIES = os.environ.get("MADOGUCHI_TRUSTED_PROXIES", "")
for _removed in ("BOOKING_CLIENT_IP_HEADER", "MADOGUCHI_CLIENT_IP_HEADER"):
    if os.environ.get(_removed):
        # Silently ignored, it would key every client as the proxy (one lock for all).
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{_removed} was removed in favour of MADOGUCHI_TRUSTED_PROXIES (the proxies' addresses); "
            "see CHANGELOG.md and docs/staff.md, 'Behind a reverse proxy'"
        )

# --- dates ---
# How printed letters and checklists write the year (core/date_text.py):
# "beside" 2027年（令和9年）1月30日（土）, "instead" 令和9年1月30日（土）, "none".
# Pages always show the Western year. docs/calendar.md, "Dates as residents read them".
MADOGUCHI_LETTER_ERA = os.environ.get("MADOGUCHI_LETTER_ERA", "beside")

# --- booking ---
# docs/booking.md explains each of these.
BOOKING_SLOT_MINUTES = int(os.environ.get("BOOKING_SLOT_MINUTES", "30"))
BOOKING_DEFAULT_SEATS = int(os.environ.get("BOOKING_DEFAULT_SEATS", "4"))  # until staff set an office's seats
BOOKING_HORIZON_DAYS = 56  # residents book up to eight weeks ahead
BOOKING_MAX_PARTY_SIZE = 6  # a household coming together
BOOKING_PICKUP_PROCEDURE = "card-pickup"
BOOKING_PICKUP_MAX_FAILURES = int(os.environ.get("BOOKING_PICKUP_MAX_FAILURES", "5"))
BOOKING_PICKUP_LOCK_MINUTES = int(os.environ.get("BOOKING_PICKUP_LOCK_MINUTES", "15"))
# Overload: booking writes one process runs at once; the rest are told at once
# to come back (503 + Retry-After) instead of queueing until they time out.
# As many as the requests below: connections do not spread evenly over the
# processes, and a lower bound here turned steady load away (bench/booking:
# 4 refused 1 request in 10 at 8 steady clients on 2 processes).
BOOKING_CONCURRENT_WRITES = int(os.environ.get("BOOKING_CONCURRENT_WRITES", "6"))
# ... and booking requests (API and /book/ pages) one `madoguchi serve` process
# works on at once; more are answered "busy" before Django (booking/gate.py).
BOOKING_CONCURRENT_REQUESTS = int(os.environ.get("BOOKING_CONCURRENT_REQUESTS", "6"))
BOOKING_RETRY_AFTER_SECONDS = MADOGUCHI_RETRY_AFTER_SECONDS
# How long a serving thread may keep the interpreter before another takes it
# (sys.setswitchinterval; Python's default is 5 ms). A booking holds the audit
# chain's lock from its entry to its commit: a thread back from the database
# that waits 5 ms for the interpreter holds every other booking back that long
# (bench/booking, 1 December 2026: 160 sustained bookings/s at 5 ms, 273 at 1 ms,
# surge p99 589 -> 171 ms). Set by madoguchi.wsgi in each worker.
MADOGUCHI_SWITCH_INTERVAL = float(os.environ.get("MADOGUCHI_SWITCH_INTERVAL", "0.001"))

# --- staff ---
# Staff accounts and security (docs/staff.md). Keys: 32 random bytes, base64.
# Unset (development, tests): fixed development keys, with a warning; the
# production settings refuse to start without them.
MADOGUCHI_ENCRYPTION_KEY = os.environ.get("MADOGUCHI_ENCRYPTION_KEY", "")
MADOGUCHI_ENCRYPTION_OLD_KEYS = os.environ.get("MADOGUCHI_ENCRYPTION_OLD_KEYS", "")
MADOGUCHI_INDEX_KEY = os.environ.get("MADOGUCHI_INDEX_KEY", "")
# Roles that may see a full My Number (with a reason, audited); see core/roles.py (its default, SUPERVISORS).
MADOGUCHI_MY_NUMBER_REVEAL_ROLES = ("supervisor", "administrator")
MADOGUCHI_STAFF_IDLE_MINUTES = int(os.environ.get("MADOGUCHI_STAFF_IDLE_MINUTES", "15"))
MADOGUCHI_STAFF_MAX_SESSION_HOURS = int(os.environ.get("MADOGUCHI_STAFF_MAX_SESSION_HOURS", "9"))
# Days a staff API token works before a new one is needed (`staff_token create --days`).
MADOGUCHI_API_TOKEN_DAYS = int(os.environ.get("MADOGUCHI_API_TOKEN_DAYS", "90"))
MADOGUCHI_LOGIN_MAX_FAILURES = 5
MADOGUCHI_LOGIN_LOCK_MINUTES = 15
# Failures from one address, whatever the usernames, within the lock time
# before the address is locked (staff/throttle.py): a shared counter
# terminal's typos stay well below it.
MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
LOGIN_URL = "/staff/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- notices ---
# Mail (Django 6.1's MAILERS). Production sets SMTP_HOST etc.; development
# prints mail to the console (settings/dev.py).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SMTP_HOST", "localhost"),
            "port": int(os.environ.get("SMTP_PORT", "25")),
            "username": os.environ.get("SMTP_USER") or None,
            "password": os.environ.get("SMTP_PASSWORD") or None,
            "use_tls": os.environ.get("SMTP_TLS", "") in ("1", "true", "yes"),
            "timeout": 10,
        },
    }
}
# The city's own address (its city.yaml `mail_from`) unless the environment names another.
DEFAULT_FROM_EMAIL = os.environ.get("MADOGUCHI_FROM_EMAIL") or city_mail_from(MADOGUCHI_CITY)
# Where residents' links point (booking links in letters and mail): the public
# site's https:// address in production (no default there; `check --deploy`
# fails without it, core/checks.py).
MADOGUCHI_PUBLIC_URL = os.environ.get("MADOGUCHI_PUBLIC_URL", "http://127.0.0.1:8000")
# A batch that did not run for some days catches up at most this far back.
MADOGUCHI_NOTICES_CATCH_UP_DAYS = 31
# How long a booking link in a notice stays valid.
MADOGUCHI_NOTICE_LINK_DAYS = 120
# A booking's mail: under `madoguchi serve` the mail sender process beside the
# workers sends it within MADOGUCHI_MAIL_POLL_SECONDS of the commit, and the
# workers only write its row (`serve` sets MADOGUCHI_MAIL_AT_ONCE=0 for them
# unless the environment sets it; docs/adr/0028). MADOGUCHI_MAIL_AT_ONCE=1 (the
# default elsewhere: `madoguchi run`) sends it from a background thread of the
# serving process just after the commit. Whatever both miss (the mail server
# down, a process stopped) the next `madoguchi notices send-mail` sends; the
# sender tries failed ones again every MADOGUCHI_MAIL_RETRY_SECONDS, and pauses
# that long when the mail server is down; up to MADOGUCHI_MAIL_ATTEMPTS each.
MADOGUCHI_MAIL_AT_ONCE = os.environ.get("MADOGUCHI_MAIL_AT_ONCE", "1") not in ("0", "false", "no")
MADOGUCHI_MAIL_ATTEMPTS = 5
MADOGUCHI_MAIL_POLL_SECONDS = float(os.environ.get("MADOGUCHI_MAIL_POLL_SECONDS", "0.5"))
MADOGUCHI_MAIL_RETRY_SECONDS = float(os.environ.get("MADOGUCHI_MAIL_RETRY_SECONDS", "60"))
MADOGUCHI_MAIL_SENDER_THREADS = int(os.environ.get("MADOGUCHI_MAIL_SENDER_THREADS", "4"))  # mails the sender has in hand at once
# "Send my link again": at most this many requests per client address and per
# reference within the window (docs/booking.md).
BOOKING_LINK_REQUESTS = 5
BOOKING_LINK_WINDOW_MINUTES = 60

# The queue's live screens (docs/queue.md, docs/adr/0013). QUEUE_LIVE_PORT: the
# port of the live (ASGI) server the pages' streams connect to on the same host;
# blank for the same origin (`madoguchi run`, or a proxy that routes /live/).
QUEUE_LIVE_PORT = os.environ.get("QUEUE_LIVE_PORT", "")
QUEUE_POLL_SECONDS = float(os.environ.get("QUEUE_POLL_SECONDS", "0.25"))  # SQLite, or while LISTEN is down
QUEUE_SYNC_STREAM_SECONDS = 30  # a threaded server's stream ends then (the browser reconnects at once)
