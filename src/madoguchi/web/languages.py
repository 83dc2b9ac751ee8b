"""The languages of every page, chosen by the first part of the URL."""

from __future__ import annotations

from madoguchi.rules.text import DEFAULT_LANGUAGE, LANGUAGES

# The `lang` attribute of <html>: やさしい日本語 is Japanese.
HTML_LANG = {"ja": "ja", "en": "en", "easy": "ja"}


class LanguageConverter:
    regex = "|".join(LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value if value in LANGUAGES else DEFAULT_LANGUAGE
