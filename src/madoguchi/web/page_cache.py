"""Public pages rendered once and served from a cache every worker shares.

A guide page (the outcome, a procedure, a question) is a pure function of its
URL, the moment and the city's data: on the morning a wave of renewal letters
lands, thousands of residents ask for the same few outcomes, and each render
walks the rules, the calendar and a month table. So a page is rendered once
per key and served from the cache after that:

- the absolute URL with its query (the answers; the language is in the path;
  a PDF names the site's address),
- the time bucket the moment falls in (MADOGUCHI_PAGE_CACHE_MINUTES, default
  5): a page that says "today is still open" stops being served when the bucket
  ends, so every change the pages show by the clock must fall on a bucket
  boundary (counter hours and slot times are on the quarter hour),
- the render version: a hash of the city's and the nation's data files and of
  the package's code, templates and catalogs, so a new deploy or new data never
  serves a page of the old,
- the dated openings staff set (ADR 0023): a new extra Saturday is on the next
  page served, not the next bucket's.

Two tiers (ADR 0022): the process's own memory in front (no I/O on a hit), the
shared cache behind it (`CACHES["default"]`: a file cache under the data
directory, or Redis when MADOGUCHI_CACHE_URL names one). Only a 200 answer
without cookies is kept. Every answer carries an ETag (a matching If-None-Match
gets a 304) and `Cache-Control: public` until its bucket ends, so the city's
proxy or a CDN can hold it just as long.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.rules.loader import DATA_ROOT

PACKAGE = Path(__file__).resolve().parent.parent
_HASHED_SUFFIXES = {".py", ".html", ".yaml", ".yml", ".css", ".txt"}
LOCAL_TIER = "pages"  # CACHES alias of the per-process memory tier
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


@dataclass(frozen=True)
class Stored:
    content: bytes
    headers: tuple[tuple[str, str], ...]  # those of KEPT_HEADERS the view set
    etag: str


@functools.lru_cache(maxsize=8)
def render_version(city: str) -> str:
    """A hash of everything a page is rendered from, for the data folder `city`."""
    city_dir = Path(city) if ("/" in city or city.startswith(".")) else DATA_ROOT / city
    digest = hashlib.sha256()
    roots = [PACKAGE] + ([city_dir] if PACKAGE not in city_dir.resolve().parents else [])
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in _HASHED_SUFFIXES and p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def bucket(moment: datetime) -> tuple[datetime, datetime]:
    """The start and end of the cache bucket `moment` falls in (Tokyo time)."""
    minutes = settings.MADOGUCHI_PAGE_CACHE_MINUTES
    local = moment.astimezone(clock.TOKYO)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = midnight + timedelta(minutes=(local.hour * 60 + local.minute) // minutes * minutes)
    return start, min(start + timedelta(minutes=minutes), midnight + timedelta(days=1))


def staff_openings_mark() -> str:
    """The staff-set openings the calendar holds now, as a stable string (every worker alike)."""
    return ";".join(
        f"{office}:{o.date.isoformat()}:{','.join('-'.join(h.labels()) for h in o.hours)}:{','.join(sorted(o.procedures or ()))}"
        for office, o in sorted(municipality().staff_openings, key=lambda row: (row[0], row[1].date, row[1].hours))
    )


def _key(request: HttpRequest, start: datetime) -> str:
    raw = "\n".join((
        render_version(settings.MADOGUCHI_CITY), staff_openings_mark(), start.isoformat(), request.build_absolute_uri(),
    ))  # fmt: skip
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _lookup(key: str) -> Stored | None:
    local = caches[LOCAL_TIER]
    found = local.get(key)
    if found is None:
        found = caches["default"].get(key)
        if found is not None:
            local.set(key, found)
    return found


def _store(key: str, response: HttpResponse, seconds: int) -> Stored | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    content = response.content
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    stored = Stored(content, headers, '"' + hashlib.sha256(content).hexdigest()[:32] + '"')
    for tier in (caches[LOCAL_TIER], caches["default"]):
        tier.set(key, stored, timeout=seconds)
    return stored


def _answer(request: HttpRequest, stored: Stored, until: datetime, now: datetime) -> HttpResponse:
    seconds = max(0, int((until - now).total_seconds()))
    if stored.etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(stored.content)
        for name, value in stored.headers:
            response[name] = value
    response["ETag"] = stored.etag
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Expires"] = http_date(until.timestamp())
    return response


def shared_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view`'s GET answers from the page cache (see the module's notes)."""

    @functools.wraps(view)
    def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not settings.MADOGUCHI_PAGE_CACHE:
            return view(request, *args, **kwargs)
        now = clock.now()
        start, until = bucket(now)
        key = _key(request, start)
        stored = _lookup(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            stored = _store(key, response, max(1, int((until - now).total_seconds())))
            if stored is None:
                return response  # a redirect, an error or a page with a cookie: as it came
        return _answer(request, stored, until, now)

    return cached
