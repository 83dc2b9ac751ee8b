"""Problems: the one base error every service raises for a user or client to read.

A `ProblemError` carries what went wrong (`code`, stable: clients branch on
it), what to tell the user (a catalog `key` with `params`, or a ready `Text`),
the HTTP `status`, the request `field` at fault, `retry_after` seconds when
trying again later will help, and `extra` members particular to the problem
(the counter's `offers`, the guide's `question` ...). Apps subclass it
(booking's BookingError, the counter's CounterError) and every surface shows
it the same way: a page in the user's language, or the API's one problem
body, RFC 9457 (`body()`; the schema is madoguchi.api.problems.Problem).

Nothing has changed when one is raised: services raise it before they write,
or inside the transaction that then rolls back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from madoguchi.core import clock
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.text import Text

from .furigana import plain
from .messages import message

# RFC 9457 §4.2.1: "about:blank" says the problem means what its HTTP status
# means, and `title` is that status's phrase. Our `code` member names the
# problem precisely; a type URI per code can follow once the API's docs have
# a stable public address to point at.
BLANK = "about:blank"


class ProblemError(Exception):
    status: int = 400

    def __init__(
        self,
        code: str,
        text: Text | None = None,
        *,
        key: str | None = None,
        params: Mapping[str, object] | None = None,
        status: int | None = None,
        field: str | None = None,
        retry_after: int | None = None,
        extra: Mapping[str, Any] | None = None,
    ):
        if (text is None) == (key is None):
            raise TypeError("a problem needs exactly one of text or key")
        self.code = code
        self.text = text
        self.key = key
        self.params = dict(params or {})
        if status is not None:
            self.status = status
        self.field = field
        self.retry_after = retry_after
        self.extra = dict(extra or {})
        super().__init__(f"{code}: {self.message('en')}")

    def marked_message(self, lang: str) -> str:
        """The message as the catalog writes it: an easy text keeps its readings, 窓口《まどぐち》 (pages render them as ruby)."""
        if self.text is not None:
            return self.text.get(lang)
        return message(self.key, lang, **self.params)

    def message(self, lang: str) -> str:
        """What is wrong and what to do, in `lang`, as plain text (API bodies, the command line, logs)."""
        return plain(self.marked_message(lang))

    def body(self, lang: str, **extra: Any) -> dict[str, Any]:
        """The API's problem body (application/problem+json) in `lang`.

        `message` repeats `detail` for the clients written before RFC 9457;
        `field` and `retry_after` are always present (null when they do not
        apply), as they always were.
        """
        text = self.message(lang)
        body: dict[str, Any] = {
            "type": BLANK,
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": text,
            "code": self.code,
            "message": text,
            "field": self.field,
            "retry_after": self.retry_after,
        }
        body.update(self.extra)
        body.update(extra)
        return body


def from_rules_input(error: RulesInputError, field: str | None = None, status: int = 422) -> ProblemError:
    """A rules-core input error as a problem (the rules core knows no Django); its text is from rules/messages.yaml."""
    return ProblemError(error.code, error.text, status=status, field=field)


# --- overload: every wait bounded, answered "busy, try again at HH:MM" ---


def retry_at(seconds: int) -> str:
    """The Tokyo clock time `seconds` from now, rounded up to the minute, so "try at 10:31" is never already past."""
    at = (clock.now() + timedelta(seconds=seconds)).astimezone(clock.TOKYO)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return at.strftime("%H:%M")


def busy() -> ProblemError:
    """503: a database lock or statement took longer than its bound; nothing was done."""
    seconds = settings.MADOGUCHI_RETRY_AFTER_SECONDS
    return ProblemError("busy", key="problem.busy", params={"at": retry_at(seconds)}, status=503, retry_after=seconds)


# PostgreSQL's SQLSTATEs of a wait that hit its bound, a lost race or a
# server short of something: nothing was done, and later may work. 55P03
# lock_not_available (lock_timeout, NOWAIT), 57014 query_canceled
# (statement_timeout), 40P01 deadlock_detected, 40001 serialization_failure;
# class 53, insufficient resources (53100 disk_full, 53300
# too_many_connections ...).
RETRYABLE_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})
# SQLite's words for the same: its busy timeout ran out, or its disk is full.
RETRYABLE_SQLITE = ("database is locked", "database table is locked", "database or disk is full")


def is_overload(error: BaseException) -> bool:
    """Whether a database error means "nothing was done, try again later" (then 503, not 500)."""
    if not isinstance(error, DatabaseError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
    if sqlstate in RETRYABLE_SQLSTATES or sqlstate.startswith("53"):
        return True
    text = str(error).lower()
    return any(words in text for words in RETRYABLE_SQLITE)
