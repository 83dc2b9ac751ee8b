"""`/healthz`: for the city's load balancer and monitoring.

200 when the process answers and its database does; 503 (with the reason,
never a connection string) when the database does not. It reads no personal
data, so it writes no audit entry, and it is never cached.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except DatabaseError as e:
        log.warning("health check: the database did not answer: %s", type(e).__name__)
        return JsonResponse({"status": "unavailable", "database": type(e).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
