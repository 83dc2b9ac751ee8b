"""Every fixed string of the interface exists in Japanese, English and やさしい日本語."""

from madoguchi.rules.text import LANGUAGES
from madoguchi.web.messages import messages


def test_every_message_has_every_language():
    for key, text in messages().items():
        for lang in LANGUAGES:
            assert text.has(lang) and text.get(lang).strip(), f"{key} lacks {lang}"
