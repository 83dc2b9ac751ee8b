"""The site's error handlers (handler400/403/404/500 in madoguchi/urls.py, CSRF_FAILURE_VIEW in settings).

Under /api/ every error is a problem in JSON (api/problems.py), as the API
documents; elsewhere the product's own pages in the URL's language
(web/error_pages.py), and a database wait that hit its bound is the "busy, try
again" page (503 + Retry-After, web/busy.py) rather than a server error.
Composes the API and the pages, as madoguchi/wsgi.py does.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from madoguchi.api.problems import api_problem
from madoguchi.core.problems import is_overload
from madoguchi.web.busy import busy_page
from madoguchi.web.error_pages import error_page

API_PREFIX = "/api/"


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return api_problem(request, 400, exception)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return api_problem(request, 403, exception)
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return api_problem(request, 404, exception)
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: it is sys.exc_info()'s.
    exception = sys.exc_info()[1]
    if _api(request):
        return api_problem(request, 500, exception)
    if exception is not None and is_overload(exception):
        return busy_page(request)
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token (an old page, cookies blocked): say so and what to do, in the page's language."""
    if _api(request):
        return api_problem(request, 403, None)
    return error_page(request, 403, "csrf")
