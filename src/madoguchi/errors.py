"""The site's error handlers (handler400, handler404, handler500 in madoguchi/urls.py).

Under /api/ every error is a problem in JSON (api/problems.py), as the API
documents; elsewhere Django's pages, except that a database wait that hit its
bound is the "busy, try again" page (503 + Retry-After, web/busy.py) rather
than a server error. Composes the API and the pages, as madoguchi/wsgi.py does.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from madoguchi.api.problems import api_problem
from madoguchi.core.problems import is_overload
from madoguchi.web.busy import busy_page

API_PREFIX = "/api/"


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return api_problem(request, 400, exception)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return api_problem(request, 404, exception)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: it is sys.exc_info()'s.
    exception = sys.exc_info()[1]
    if _api(request):
        return api_problem(request, 500, exception)
    if exception is not None and is_overload(exception):
        return busy_page(request)
    return defaults.server_error(request)
