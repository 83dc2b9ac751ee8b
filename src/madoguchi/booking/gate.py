"""The bookings' gate, in front of Django in the WSGI application (madoguchi/wsgi.py).

Under a surge the server must answer every request at once, most of them with
"busy, try again at HH:MM" (503 + Retry-After), and the cheaper that answer
the sooner each request gets one. Each process works on at most
BOOKING_CONCURRENT_REQUESTS booking requests (the API's slots and bookings, the
/book/ pages) at a time; one more is answered here, before Django parses
anything, in a fraction of a millisecond. Within Django, write_gate() still
bounds the database writes (booking/overload.py). docs/booking.md, "Overload".
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from madoguchi.web.error_pages import busy_html

from .overload import busy_error, request_place
from .web_support import lang_or_default

API = re.compile(r"^/api/v1/(slots|bookings|pickup-bookings|waiting-list)(/|$)")
PAGES = re.compile(r"^/(ja|en|easy|zh)/book/")


def _busy(environ, start_response, api: bool) -> list[bytes]:
    error = busy_error()
    if api:
        lang = lang_or_default((parse_qs(environ.get("QUERY_STRING", "")).get("lang") or ["ja"])[0])
        body = json.dumps(error.body(lang), ensure_ascii=False).encode()
        kind = "application/problem+json"  # the API's one error shape (api/problems.py)
    else:
        lang = lang_or_default(environ.get("PATH_INFO", "/ja/").split("/")[1])
        # The product's busy page, rendered once per language; only the message is put in (web/error_pages.py).
        body = busy_html(lang, error.marked_message(lang)).encode()
        kind = "text/html"
    start_response("503 Service Unavailable", [
        ("Content-Type", f"{kind}; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Retry-After", str(error.retry_after)),
        ("Cache-Control", "no-store"),
    ])
    return [body]


def gated(app):
    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        api = bool(API.match(path))
        if not api and not PAGES.match(path):
            return app(environ, start_response)
        with request_place() as got:
            if not got:
                return _busy(environ, start_response, api)
            # The whole response is made inside the place, so the work is done when it is freed.
            result = app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()  # Django's request_finished: connections tidied as usual

    return application

