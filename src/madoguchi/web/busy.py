"""The page that says "busy, try again at HH:MM" (503 + Retry-After) when a database wait hit its bound.

Every connection waits for a lock or a statement only so long (settings:
MADOGUCHI_DB_LOCK_TIMEOUT_MS, MADOGUCHI_DB_STATEMENT_TIMEOUT_MS); the error
that ends the wait is answered here, on any page, instead of as a server
error. The page is the product's standalone error page: it reads nothing from
the database, which may be the thing that is busy. The API answers the same as a problem
(api/problems.py).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse

from madoguchi.core.problems import ProblemError, busy, is_overload

from .error_pages import error_page

log = logging.getLogger(__name__)


def busy_page(request: HttpRequest, error: ProblemError | None = None) -> HttpResponse:
    """503 + Retry-After: the product's error page (web/error_pages.py) saying when to try again."""
    error = error or busy()
    response = error_page(request, error.status, title_key="problem.busy.title", problem=error)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
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
