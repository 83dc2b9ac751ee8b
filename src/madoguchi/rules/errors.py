"""Errors of the rules core.

`DataError` is raised when a city's data file is wrong: it names the file, the
key and what is wrong, so that the city's IT staff can mend it without reading
code. `RulesInputError` is raised when a question is asked with bad input (an
unknown procedure, a range backwards); it carries the message in Japanese and
English so every surface can show it in the user's language.
"""

from __future__ import annotations


class DataError(ValueError):
    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: {key}: {problem}")


class RulesInputError(ValueError):
    def __init__(self, code: str, message_en: str, message_ja: str):
        self.code = code
        self.message_en = message_en
        self.message_ja = message_ja
        super().__init__(message_en)

    def message(self, language: str = "en") -> str:
        return self.message_en if language == "en" else self.message_ja
