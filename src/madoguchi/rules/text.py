"""Texts shown to residents and clerks, in every language the product speaks.

A `Text` is a mapping of language to text, with Japanese required. A new
language is new entries (a catalog file `messages.<lang>.yaml` beside the
app's `messages.yaml`, ADR 0021), never a new field: `Text(ja=..., zh=...)`.

`LANGUAGES` are the languages every text carries (the catalogs' completeness
test holds them to it); `TRANSLATED` are the further languages some pages are
offered in (中文: the residents' guide and bookings), each with a fallback
for a text not yet translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

# Japanese first; English and やさしい日本語 ("easy") beside it, on every page.
LANGUAGES = ("ja", "en", "easy")
# Offered on the pages whose catalogs are complete in them (ADR 0021).
TRANSLATED = ("zh",)
ALL_LANGUAGES = LANGUAGES + TRANSLATED
DEFAULT_LANGUAGE = "ja"
# Each language's BCP 47 tag (<html lang>): やさしい日本語 is Japanese; 中文 is simplified Chinese.
LANGUAGE_TAG = {"ja": "ja", "en": "en", "easy": "ja", "zh": "zh-Hans"}
# The language shown when a text lacks the one asked for.
FALLBACK = {"easy": "ja", "en": "ja", "zh": "ja"}


class Text:
    """A text in several languages; `ja` is required, the others are entries."""

    __slots__ = ("_by_language",)

    def __init__(self, ja: str, en: str | None = None, easy: str | None = None, **others: str) -> None:
        by_language = {"ja": ja}
        if en is not None:
            by_language["en"] = en
        if easy is not None:
            by_language["easy"] = easy
        for language, value in others.items():
            if language not in ALL_LANGUAGES:
                raise ValueError(f"unknown language {language!r}; expected one of {', '.join(ALL_LANGUAGES)}")
            by_language[language] = value
        object.__setattr__(self, "_by_language", MappingProxyType(by_language))

    @classmethod
    def of(cls, by_language: Mapping[str, str]) -> Text:
        rest = {k: v for k, v in by_language.items() if k != "ja"}
        return cls(by_language["ja"], **rest)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Text is immutable")

    # The three languages every text carries read as attributes (text.ja).
    @property
    def ja(self) -> str:
        return self._by_language["ja"]

    @property
    def en(self) -> str:
        return self.get("en")

    @property
    def easy(self) -> str:
        return self.get("easy")

    @property
    def languages(self) -> Mapping[str, str]:
        return self._by_language

    def has(self, language: str) -> bool:
        return language in self._by_language

    def get(self, language: str) -> str:
        if language not in ALL_LANGUAGES:
            language = DEFAULT_LANGUAGE
        while language not in self._by_language:
            language = FALLBACK.get(language, DEFAULT_LANGUAGE)
        return self._by_language[language]

    def shown_in(self, language: str) -> str:
        """The language `get(language)` really answers in (a fallback when not translated)."""
        if language not in ALL_LANGUAGES:
            language = DEFAULT_LANGUAGE
        while language not in self._by_language:
            language = FALLBACK.get(language, DEFAULT_LANGUAGE)
        return language

    def __str__(self) -> str:
        return self.ja

    def __repr__(self) -> str:
        return f"Text({dict(self._by_language)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and dict(self._by_language) == dict(other._by_language)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._by_language.items())))

    def __reduce__(self) -> tuple:
        return (Text.of, (dict(self._by_language),))

    def format(self, **fmt: object) -> Text:
        """Fill the placeholders in each language; a Text value gives each language its own."""

        def values(language: str) -> dict[str, object]:
            return {k: v.get(language) if isinstance(v, Text) else v for k, v in fmt.items()}

        return Text.of({lang: s.format(**values(lang)) for lang, s in self._by_language.items()})

    @classmethod
    def combine(cls, build: Callable[[str, tuple[str, ...]], str], *texts: Text) -> Text:
        """A text made of others in every language any of them has: `build(language, their strings)`."""
        languages = dict.fromkeys(lang for t in texts for lang in t._by_language)
        return cls.of({lang: build(lang, tuple(t.get(lang) for t in texts)) for lang in languages})

    def join(self, other: Text, ja_sep: str = "", en_sep: str = " ") -> Text:
        """The two texts one after the other; Japanese-side languages need no space, the rest take `en_sep`."""
        return Text.combine(lambda lang, s: s[0] + (en_sep if lang in SPACED else ja_sep) + s[1], self, other)


# Languages whose words are separated by spaces (joining two sentences needs one).
SPACED = frozenset({"en"})
