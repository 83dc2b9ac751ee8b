"""What every page's layout needs: the city, the language and the switch."""

from __future__ import annotations

from django.http import HttpRequest

from madoguchi.rules.text import DEFAULT_LANGUAGE

from .languages import HTML_LANG, route_languages
from .messages import english_beside
from madoguchi.core.city import municipality


def site(request: HttpRequest) -> dict:
    match = request.resolver_match
    lang = (match.kwargs.get("lang") if match else None) or DEFAULT_LANGUAGE
    switch = []
    if match is not None and "lang" in match.kwargs:
        from django.urls import reverse

        for other in route_languages(match.route):
            kwargs = {**match.kwargs, "lang": other}
            url = reverse(match.view_name, kwargs=kwargs)
            if request.GET:
                url += "?" + request.GET.urlencode()
            switch.append({"code": other, "url": url, "current": other == lang, "html_lang": HTML_LANG[other]})
    return {
        "lang": lang,
        "html_lang": HTML_LANG.get(lang, "ja"),
        "languages": switch,
        "city": municipality().city,
        "english_beside": english_beside(),  # staff pages: English beside the Japanese (the user's choice)
    }
