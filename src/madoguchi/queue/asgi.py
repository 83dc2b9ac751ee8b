"""The live server's ASGI application: the queue's event streams, and nothing else.

`madoguchi serve` runs it in its own granian server (ASGI interface) beside
the WSGI one (docs/adr/0013): a stream waits on the event loop, not on one of
the few WSGI threads the booking path needs. Any other path gets 404 here.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev")
django_application = get_asgi_application()
LIVE_PREFIX = "/live/"


async def application(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "http" and scope["path"].startswith(LIVE_PREFIX):
        await django_application(scope, receive, send)
        return
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        await send({"type": "http.response.body", "body": b"not found: this server serves /live/ only\n"})
