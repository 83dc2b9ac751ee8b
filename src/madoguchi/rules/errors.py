"""Errors of the rules core.

`DataError` is raised when a city's data file is wrong: it names the file, the
key and what is wrong, so that the city's IT staff can mend it without reading
code. `RulesInputError` is raised when a question is asked with bad input (an
unknown procedure, a range backwards); it carries the message as a `Text`
(ja, en, やさしい日本語 and any further language) from the rules' catalog
(`rules/messages.yaml`, raised with `messages.input_error`), so every surface
can show it in the user's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .text import Text


class DataError(ValueError):
    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: {key}: {problem}")


class RulesInputError(ValueError):
    def __init__(self, code: str, text: Text):
        self.code = code
        self.text = text
        super().__init__(text.en)

    @property
    def message_en(self) -> str:
        return self.text.en

    @property
    def message_ja(self) -> str:
        return self.text.ja

    def message(self, language: str = "en") -> str:
        return self.text.get(language)
