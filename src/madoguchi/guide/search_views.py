"""The search box: a procedure from the words residents use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from madoguchi.rules.guide_search import search
from madoguchi.core.city import municipality

MAX_QUERY = 200


def search_page(request: HttpRequest, lang: str) -> HttpResponse:
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    hits = search(municipality().catalog, q) if q else []
    return render(request, "guide/search.html", {"q": q, "hits": hits, "searched": bool(q)})
