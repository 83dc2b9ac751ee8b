"""Refuse requests carrying NUL characters before any view sees them.

No form field or query parameter of ours can hold a NUL, and PostgreSQL
refuses one in a query: left alone it would surface as a server error in
whichever search or form received it. One check here covers every page.
(The API is left to its schemas: madoguchi.core.inputs.line.)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

MESSAGE = (
    "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>入力に使えない文字があります</title></head>"
    "<body><main><h1>入力に使えない文字があります</h1>"
    "<p>入力に制御文字（NUL）が含まれています。前のページに戻り、文字だけを入力し直してください。</p>"
    "<p lang=\"en\">The input contains a control character (NUL). Go back and type plain text only.</p>"
    "</main></body></html>"
)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for query in queries:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API's schemas check their own input and answer in JSON as documented.
        if not request.path.startswith("/api/") and _has_nul(request):
            return HttpResponseBadRequest(MESSAGE, content_type="text/html; charset=utf-8")
        return self.get_response(request)
