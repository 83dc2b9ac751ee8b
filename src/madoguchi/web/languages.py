"""The languages of every page, chosen by the first part of the URL.

Every page is offered in ja, en and easy (`<lang:lang>`); the residents' guide
and bookings, whose catalogs are complete in the further languages too
(中文, ADR 0021), take `<translated:lang>`. The language switch offers a page
only the languages its route takes.
"""

from __future__ import annotations

import re

from madoguchi.rules.text import ALL_LANGUAGES, DEFAULT_LANGUAGE, LANGUAGE_TAG, LANGUAGES

# The `lang` attribute of <html>.
HTML_LANG = LANGUAGE_TAG


class LanguageConverter:
    languages = LANGUAGES
    regex = "|".join(LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        # A link from a page in a further language to a page not offered in it goes to Japanese.
        return value if value in self.languages else DEFAULT_LANGUAGE


class TranslatedLanguageConverter(LanguageConverter):
    languages = ALL_LANGUAGES
    regex = "|".join(ALL_LANGUAGES)


CONVERTERS = {"lang": LanguageConverter, "translated": TranslatedLanguageConverter}
_ROUTE_LANG = re.compile(r"<(\w+):lang>")


def route_languages(route: str) -> tuple[str, ...]:
    """The languages a URL pattern offers its page in (ja, en, easy for a plain `<lang:lang>`)."""
    found = _ROUTE_LANG.search(route or "")
    converter = CONVERTERS.get(found.group(1)) if found else None
    return converter.languages if converter else LANGUAGES
