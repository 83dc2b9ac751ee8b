"""The REST API, /api/v1/, described by OpenAPI at /api/v1/openapi.json.

One NinjaAPI; each capability adds its router in its own module (api/guide.py,
api/booking.py, api/counter.py ...), calling the same services as the pages.
The public surface mounts only the public routers; the staff surface only the
staff ones (settings.MADOGUCHI_SURFACE). Every error is one Problem
(api/problems.py), and the document says so.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern
from ninja import NinjaAPI

from . import booking, counter, guide, open_data, problems, queue

PUBLIC_ROUTERS = [("/guide", guide.router), ("/", booking.router), ("/queue", queue.public_router), ("/open-data", open_data.router)]
STAFF_ROUTERS = [("/", counter.router), ("/queue", queue.staff_router)]


class MadoguchiAPI(NinjaAPI):
    """django-ninja, with every error a Problem: in the document, and for a method a path does not serve."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return problems.document_problems(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = problems.with_405_problem(pattern.callback)
        return patterns


def build_api() -> NinjaAPI:
    api = MadoguchiAPI(
        title="Madoguchi API",
        version="1.0.0",
        description="My Number Card procedures at the city counter: guide, bookings and the counter. "
        "Every error is a Problem (RFC 9457, application/problem+json) with a stable `code`.",
        urls_namespace="api-v1",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    problems.install(api)
    surface = getattr(settings, "MADOGUCHI_SURFACE", "all")
    routers = []
    if surface in ("all", "public"):
        routers += PUBLIC_ROUTERS
    if surface in ("all", "staff"):
        routers += STAFF_ROUTERS
    for prefix, router in routers:
        api.add_router(prefix, router)
    return api


api = build_api()
