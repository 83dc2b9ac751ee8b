"""The open-data page: per office and procedure, the next day with room, the free
seats of the coming weeks and the median minutes a visit takes, from the same
`open_data.availability` as the JSON (so a small count is suppressed on both
alike). Served from the shared page cache (ADR 0022): the figures are as of the
moment the page was rendered, stated on it, at most one bucket old."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.rules import forecast as fc
from madoguchi.rules.queue_data import load_queue_data
from madoguchi.web.page_cache import shared_page

from .open_data import WEEKS, availability

@shared_page
def open_data_page(request: HttpRequest, lang: str) -> HttpResponse:
    m = municipality()
    city = settings.MADOGUCHI_CITY
    procedures = load_queue_data(city).procedures()
    offices = []
    for office in m.city.offices:
        rows = []
        for p in procedures:
            a = availability(office.id, p)
            rows.append({
                "procedure": m.catalog.get(p), "a": a, "minutes": round(a.median_minutes),
                "json": f"{reverse('api-v1:open_availability')}?{urlencode({'office': office.id, 'procedure': p})}",
            })  # fmt: skip
        offices.append({"office": office, "rows": rows})
    return render(request, "forecast/open_data.html", {
        "offices": offices, "weeks": WEEKS, "as_of": clock.now().replace(second=0, microsecond=0),
        "threshold": fc.load_forecast_settings(city).open_data_min_count,
        "openapi_url": reverse("api-v1:openapi-json"), "docs_url": reverse("api-v1:openapi-view"),
        "cache_minutes": settings.MADOGUCHI_PAGE_CACHE_MINUTES if settings.MADOGUCHI_PAGE_CACHE else 0,
    })  # fmt: skip
