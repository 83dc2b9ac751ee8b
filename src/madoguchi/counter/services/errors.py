"""Errors the counter's services raise, each with its message in every language.

- `Refused` (409): a rule forbids the action (a `rules.lifecycle.Refusal`).
- `BadInput` (422): the input is wrong (what is wrong and what to do).
- `NotFound` (404): no such card or resident.
Nothing is changed when one is raised (the transaction rolls back).
"""

from __future__ import annotations

from madoguchi.core.problems import ProblemError
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle import Refusal
from madoguchi.rules.text import Text


class CounterError(ProblemError):
    """A problem (madoguchi.core.problems) with the actions a clerk may offer instead."""

    status = 400

    def __init__(self, code: str, text: Text, offers: tuple[str, ...] = ()):
        self.offers = offers
        super().__init__(code, text, extra={"offers": list(offers), "message_ja": text.ja, "message_en": text.en})

    @property
    def message_ja(self) -> str:
        return self.text.ja

    @property
    def message_en(self) -> str:
        return self.text.en


class Refused(CounterError):
    status = 409

    @classmethod
    def from_rules(cls, refusal: Refusal) -> Refused:
        return cls(refusal.code, refusal.text, refusal.offers)


class BadInput(CounterError):
    status = 422

    @classmethod
    def from_rules(cls, error: RulesInputError) -> BadInput:
        return cls(error.code, error.text)


class NotFound(CounterError):
    status = 404

