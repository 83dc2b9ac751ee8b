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

import functools
import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from madoguchi.core.problems import ProblemError
from madoguchi.core.furigana import plain, ruby_html
from madoguchi.rules.text import ALL_LANGUAGES

from .languages import HTML_LANG
from .messages import message

log = logging.getLogger(__name__)

STAFF_PREFIX = "/staff/"
# The message keys of each page.
PAGES = {404: "error.404", 403: "error.403", 500: "error.500", "csrf": "error.csrf"}


def page_language(path: str) -> str | None:
    """The page's language from its URL (/ja/, /en/, /easy/); None when it has none (then ja with en beside)."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in ALL_LANGUAGES else None


def _home(path: str, lang: str | None) -> tuple[str, str, str]:
    """Where to go from here (the guide's start in the page's language, or the staff start
    page), the link's words and the site's name for the header."""
    staff = path.startswith(STAFF_PREFIX)
    try:
        url = reverse("staff:home") if staff else reverse("guide:start", kwargs={"lang": lang or "ja"})
    except NoReverseMatch:
        url = "/"
    return url, ("error.staff_home" if staff else "error.home"), ("staff.site" if staff else "site.title")


def error_html(path: str, status: int, kind: int | str | None = None, *,
               title_key: str | None = None, body: Callable[[str], str] | None = None) -> str:
    """The error page of `path` for `status`; `kind` picks the words (404, 403, 500, "csrf"),
    else `title_key` and `body` (the text in a language)."""
    lang = page_language(path)
    shown = lang or "ja"
    key = PAGES.get(kind if kind is not None else status)
    title_key = title_key or f"{key}.title"
    home_url, home_key, site_key = _home(path, lang)

    def texts(in_lang: str) -> dict[str, str]:
        return {
            "title": message(title_key, in_lang),
            "title_plain": plain(message(title_key, in_lang)),
            "body": body(in_lang) if body is not None else message(f"{key}.body", in_lang),
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
        return render_to_string("web/error.html", context)
    except Exception:  # the error page must answer even if its template or static files cannot
        log.exception("the %s error page could not be rendered", status)
        return f"<!doctype html><title>{status}</title><p>{escape(context['page']['title'])}</p>"


def error_page(request: HttpRequest, status: int, kind: int | str | None = None, *,
               title_key: str | None = None, problem: ProblemError | None = None) -> HttpResponse:
    """The error page for `status` as a response; `problem`'s message, if given, is its text."""
    html = error_html(request.path, status, kind, title_key=title_key, body=problem.message if problem is not None else None)
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


# The booking gate (booking/gate.py) answers a surge before Django, so its busy page must
# cost no template: the page is rendered once per language with a slot for the message.
_MESSAGE_SLOT = "\x00message\x00"


@functools.cache
def _busy_shell(lang: str) -> str:
    return error_html(f"/{lang}/", 503, title_key="problem.busy.title", body=lambda _: _MESSAGE_SLOT)


def busy_html(lang: str, text: str) -> str:
    """The busy page of a /<lang>/ page with `text` (the message, with its time), by string replacement."""
    shown = ruby_html(text) if lang == "easy" else escape(plain(text))
    return _busy_shell(lang).replace(_MESSAGE_SLOT, shown)
