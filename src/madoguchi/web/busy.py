"""The page that says "busy, try again at HH:MM" (503 + Retry-After) when a database wait hit its bound.

Every connection waits for a lock or a statement only so long (settings:
MADOGUCHI_DB_LOCK_TIMEOUT_MS, MADOGUCHI_DB_STATEMENT_TIMEOUT_MS); the error
that ends the wait is answered here, on any page, instead of as a server
error. The page is short and standalone: it reads nothing from the database,
which may be the thing that is busy. The API answers the same as a problem
(api/problems.py).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from madoguchi.core.problems import ProblemError, busy, is_overload
from madoguchi.rules.text import ALL_LANGUAGES

from .languages import HTML_LANG
from .messages import message
from .templatetags.madoguchi import flat_text, render_text

log = logging.getLogger(__name__)


def _language(request: HttpRequest) -> str | None:
    """The page's language from its URL (/ja/, /en/, /easy/); None for staff pages, which show Japanese and English."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in ALL_LANGUAGES else None


def busy_page(request: HttpRequest, error: ProblemError | None = None) -> HttpResponse:
    error = error or busy()
    lang = _language(request)
    context = {
        "html_lang": HTML_LANG.get(lang or "ja", "ja"),
        "title": flat_text(message("problem.busy.title", lang or "ja"), lang or "ja"),
        "heading": render_text(message("problem.busy.title", lang or "ja"), lang or "ja"),
        "message": render_text(error.marked_message(lang or "ja"), lang or "ja"),
        "english": None if lang else error.message("en"),
    }
    response = HttpResponse(render_to_string("web/busy.html", context), status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    response["Cache-Control"] = "no-store"
    return response


class OverloadMiddleware:
    """A page whose database wait hit its bound answers busy_page(), not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not is_overload(exception):
            return None  # the API answers its own (api/problems.py); anything else is a server error
        log.warning("page %s %s: busy (%s)", request.method, request.path, type(exception).__name__)
        return busy_page(request)
