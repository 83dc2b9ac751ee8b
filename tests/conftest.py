"""Test-wide set-up: the database chosen by DATABASE_URL must be reachable.

Under CI=true an unreachable PostgreSQL fails the run; elsewhere the tests
that need a database are skipped with the reason.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Speed is measured by the benchmarks, not by tests: no per-example deadline,
# which a busy machine (CI beside other work) would turn into flaky failures.
hypothesis_settings.register_profile("madoguchi", deadline=None)
hypothesis_settings.load_profile("madoguchi")

# Playwright's sync API keeps an event loop on the main thread; Django would
# take the test database set-up for async code and refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _postgres_problem() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ):
            return None
    except psycopg.Error as e:
        return f"PostgreSQL at {cfg['HOST']}:{cfg['PORT']} cannot be reached: {e}".strip()


_PROBLEM = _postgres_problem()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is emptied between tests, audit log included: open the
    audit log's purge switch for the suite (tests of the switch close it)."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cur:
        cur.execute("INSERT INTO audit_purge_permit (id) VALUES (1)")
    yield


def pytest_sessionstart(session: pytest.Session) -> None:
    if _PROBLEM and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.exit(f"{_PROBLEM} (CI=true: failing instead of skipping)", returncode=1)


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("DATABASE_URL", "")
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    return f"madoguchi database: {engine}" + (f" (UNREACHABLE: {_PROBLEM})" if _PROBLEM else "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _PROBLEM:
        return
    skip = pytest.mark.skip(reason=_PROBLEM)
    for item in items:
        if "django_db" in item.keywords or "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


# --- a real headless Chromium (Debian's), for the browser tests ----------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """One browser for the session; each test gets its own context and page."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed; `make test` installs it (scripts/install-browser)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium reports every blocked script, style, image or form to the console;
# the page also reports each `securitypolicyviolation` event there.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`));
"""


def watch_csp_violations(context, pg) -> list[str]:
    """The CSP violations the page reports from now on (a list that fills as they happen)."""
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    violations: list[str] = []
    pg.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


@pytest.fixture
def page(chromium):
    """A page in a fresh context; any Content-Security-Policy violation during the
    test fails it (settings.SECURE_CSP, docs/adr/0010-content-security-policy.md)."""
    context = chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    violations = watch_csp_violations(context, pg)
    yield pg
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


def axe_violations(pg) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(pg, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return result.response["violations"]


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test renders its own pages: no page cached by an earlier test
    (which may have pinned another clock or other data) is served to it."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
# --- a real SMTP server for the tests of mail (notices, booking confirmations) ---
class _Inbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd); the messages it received."""

    def __init__(self):
        import socket
        import threading

        from email import message_from_bytes, policy

        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.raw: list[bytes] = []  # each message as received
        self.connections: list[tuple] = []  # the client's (host, port) of each message's connection
        self.drop_after_each = False  # close the connection after each message, as a server with a limit may
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                inbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # headers decoded
                inbox.raw.append(envelope.content)
                inbox.connections.append(session.peer)
                if inbox.drop_after_each:
                    import asyncio

                    asyncio.get_running_loop().call_later(0.05, server.transport.close)
                return "250 OK"

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.lock = threading.Lock()

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@pytest.fixture
def smtp_inbox(settings):
    with _Inbox() as inbox:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
            }
        }
        yield inbox


@pytest.fixture(autouse=True)
def _staff_openings_without_a_database(monkeypatch):
    """A test with no database reads no staff-set openings (forecast.openings):
    the calendar is then the city's data alone, as it was before any was set."""
    from madoguchi.core import city
    from madoguchi.forecast import openings

    openings.forget()  # rows kept from another test's (rolled back) database
    sources = list(city._staff_openings)
    if not sources:
        return

    def guarded():
        try:
            return sources[0]()
        except RuntimeError as e:  # pytest-django's block on database access
            if "Database access not allowed" not in str(e):
                raise
            return ()

    monkeypatch.setattr(city, "_staff_openings", [guarded])
