"""Texts shown to residents and clerks, in every language the product speaks."""

from __future__ import annotations

from dataclasses import dataclass

# Japanese first; English and やさしい日本語 ("easy") beside it.
LANGUAGES = ("ja", "en", "easy")
DEFAULT_LANGUAGE = "ja"


@dataclass(frozen=True)
class Text:
    ja: str
    en: str
    easy: str

    def get(self, language: str) -> str:
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        return getattr(self, language)

    def __str__(self) -> str:
        return self.ja

    def format(self, **fmt: object) -> Text:
        """Fill the placeholders in each language; a Text value gives each language its own."""

        def values(language: str) -> dict[str, object]:
            return {k: v.get(language) if isinstance(v, Text) else v for k, v in fmt.items()}

        return Text(ja=self.ja.format(**values("ja")), en=self.en.format(**values("en")), easy=self.easy.format(**values("easy")))

    def join(self, other: Text, ja_sep: str = "", en_sep: str = " ") -> Text:
        return Text(
            ja=self.ja + ja_sep + other.ja,
            en=self.en + en_sep + other.en,
            easy=self.easy + ja_sep + other.easy,
        )
