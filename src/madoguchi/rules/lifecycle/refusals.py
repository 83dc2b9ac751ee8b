"""Every refusal of the card lifecycle: a code and its reason in Japanese,
English and やさしい日本語, in one place (transitions.py raises them)."""

from __future__ import annotations

from collections.abc import Mapping

from ..messages import rules_section
from ..text import Text

# One place for every refusal's wording: {ja, en, easy}, with {placeholders}, in rules/messages.yaml.
REFUSALS: Mapping[str, Text] = rules_section("rules.refusal")


class Refusal(Exception):
    """A rule forbids the action: a code and the reason in every language."""

    def __init__(self, code: str, offers: tuple[str, ...] = (), **fmt: object):
        self.code = code
        self.offers = offers
        self.text = REFUSALS[code].format(**fmt)
        super().__init__(f"{code}: {self.text.en}")

    @property
    def message_ja(self) -> str:
        return self.text.ja

    @property
    def message_en(self) -> str:
        return self.text.en

