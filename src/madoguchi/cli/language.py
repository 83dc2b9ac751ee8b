"""The language the `madoguchi` command speaks, and argparse's errors in it.

The command answers in Japanese when the user's locale is Japanese and in
English otherwise (README). Its own words are in `cli/messages.yaml`. So are
argparse's error messages ("invalid choice", "expected one argument", ...):
argparse builds them from gettext templates looked up through its module-level
`_` and `ngettext`, and a gettext catalog cannot be fed from YAML, so while the
arguments are parsed those two names are pointed at the catalog
(`argparse_speaking`) and put back afterwards. argparse then fills the
translated template itself, so every value it names stays exact.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from madoguchi.web.messages import message

# argparse's gettext msgids (Python 3.12-3.13) -> cli/messages.yaml keys.
ARGPARSE_MESSAGES = {
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_type",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n_one",
    "expected %s arguments": "cli.argparse.expected_n",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "unexpected option string: %s": "cli.argparse.unexpected_option",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
}


def user_language() -> str:
    """"ja" when the first locale variable set is Japanese, else "en"."""
    for var in ("MADOGUCHI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def say(key: str, **fmt: object) -> str:
    """One of the command's messages in the user's language."""
    return message(key, user_language(), **fmt)


def with_help_hint(problem: str, prog: str) -> str:
    """The problem, then where the usage is explained: "… (see `madoguchi x --help`)"."""
    language = user_language()
    return problem + ("" if language == "ja" else " ") + message("cli.see_help", language, prog=prog)


def translate_argparse(msgid: str, language: str) -> str:
    """argparse's template in `language`; one the catalog lacks (help text) stays as it is."""
    key = ARGPARSE_MESSAGES.get(msgid)
    return message(key, language) if key else msgid


@contextmanager
def argparse_speaking(language: str) -> Iterator[None]:
    """argparse's error messages in `language` while the block runs."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda msgid: translate_argparse(msgid, language)  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: translate_argparse(singular if n == 1 else plural, language)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
