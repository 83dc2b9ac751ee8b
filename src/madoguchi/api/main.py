"""The REST API, /api/v1/, described by OpenAPI at /api/v1/openapi.json.

One NinjaAPI; each capability adds its router in its own module (api/guide.py,
api/booking.py, api/counter.py ...), calling the same services as the pages.
The public surface mounts only the public routers; the staff surface only the
staff ones (settings.MADOGUCHI_SURFACE).
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

from . import booking, counter, guide, queue

PUBLIC_ROUTERS = [("/guide", guide.router), ("/", booking.router), ("/queue", queue.public_router)]
STAFF_ROUTERS = [("/", counter.router), ("/queue", queue.staff_router)]


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Madoguchi API",
        version="1.0.0",
        description="My Number Card procedures at the city counter: guide, bookings and the counter.",
        urls_namespace="api-v1",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
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
