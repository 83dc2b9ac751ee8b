"""The site's URLs plus pages that fail on purpose, for tests/web/test_error_pages.py (in 中文 too, as the guide's pages are)."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from madoguchi.urls import handler400, handler403, handler404, handler500, urlpatterns as site_urls  # noqa: F401


def fails(request, lang=None):
    raise RuntimeError("a bug")


def forbidden(request, lang=None):
    raise PermissionDenied


def locked(request, lang=None):
    raise OperationalError("database is locked")


urlpatterns = [
    path("<translated:lang>/fails/", fails),
    path("staff/fails/", fails),
    path("<translated:lang>/forbidden/", forbidden),
    path("staff/forbidden-here/", forbidden),
    path("api/v1/fails-forbidden/", forbidden),
    path("<translated:lang>/locked/", locked),
    *site_urls,
]
