"""The product's own error pages: 404, 403, 500, "busy" (503) and the CSRF failure.

One short page each, in the language of the URL's prefix (/ja/, /en/, /easy/;
ADR 0002); on a page with none (the staff side, an unknown address) Japanese
with English beside it. The page is standalone: it is rendered without the
request's context processors and reads nothing from the database, which may be
what failed, and should even its template fail, a plain line is answered
instead of a second error. madoguchi/errors.py chooses between these pages and
the API's problems.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from madoguchi.core.problems import ProblemError
from madoguchi.guide.furigana import plain
from madoguchi.rules.text import LANGUAGES

from .languages import HTML_LANG
from .messages import message

log = logging.getLogger(__name__)

STAFF_PREFIX = "/staff/"
# The message keys of each page.
PAGES = {404: "error.404", 403: "error.403", 500: "error.500", "csrf": "error.csrf"}


def page_language(request: HttpRequest) -> str | None:
    """The page's language from its URL (/ja/, /en/, /easy/); None when it has none (then ja with en beside)."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def _home(request: HttpRequest, lang: str | None) -> tuple[str, str, str]:
    """Where to go from here (the guide's start in the page's language, or the staff start
    page), the link's words and the site's name for the header."""
    staff = request.path.startswith(STAFF_PREFIX)
    try:
        url = reverse("staff:home") if staff else reverse("guide:start", kwargs={"lang": lang or "ja"})
    except NoReverseMatch:
        url = "/"
    return url, ("error.staff_home" if staff else "error.home"), ("staff.site" if staff else "site.title")


def error_page(request: HttpRequest, status: int, kind: int | str | None = None, *,
               title_key: str | None = None, problem: ProblemError | None = None) -> HttpResponse:
    """The error page for `status`; `kind` picks the words (404, 403, 500, "csrf"), else `title_key` and `problem`."""
    lang = page_language(request)
    shown = lang or "ja"
    key = PAGES.get(kind if kind is not None else status)
    title_key = title_key or f"{key}.title"
    home_url, home_key, site_key = _home(request, lang)

    def texts(in_lang: str) -> dict[str, str]:
        return {
            "title": message(title_key, in_lang),
            "title_plain": plain(message(title_key, in_lang)),
            "body": problem.message(in_lang) if problem is not None else message(f"{key}.body", in_lang),
            "status": message("error.status", in_lang, status=status),
            "home": message(home_key, in_lang),
            "site": message(site_key, in_lang),
        }

    context = {
        "lang": shown,
        "html_lang": HTML_LANG.get(shown, "ja"),
        "page": texts(shown),
        "english": None if lang else texts("en"),
        "home_url": home_url,
    }
    try:
        html = render_to_string("web/error.html", context)
    except Exception:  # the error page must answer even if its template or static files cannot
        log.exception("the %s error page could not be rendered", status)
        html = f"<!doctype html><title>{status}</title><p>{escape(context['page']['title'])}</p>"
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response
