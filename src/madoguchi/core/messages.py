"""The message catalog: every fixed string a user sees, in every language.

Each package may hold a `messages.yaml` (keys prefixed with its topic, e.g.
`booking.`; `web/messages.yaml` the layout's strings, `core/messages.yaml`
the problems every surface shares), and a sub-package one of its own
(`booking/services/messages.yaml`: the services' refusals, beside their
code). A further language is a file `messages.<lang>.yaml` beside it
(`rules/messages.py`, ADR 0021). A key defined twice, or a string lacking
a language, is a load error. (In core because problems, which every app
raises, are told by key; `madoguchi.web.messages` re-exports it.)
"""

from __future__ import annotations

import functools
from pathlib import Path

from madoguchi.rules.messages import Section, read_catalogs
from madoguchi.rules.text import Text

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def message_files() -> list[Path]:
    """Every base catalog (`messages.yaml`) of every package and sub-package."""
    return sorted(PACKAGE_ROOT.glob("**/messages.yaml"))


@functools.cache
def messages() -> dict[str, Text]:
    return read_catalogs(message_files(), PACKAGE_ROOT)


def message(key: str, language: str, **fmt: object) -> str:
    text = messages()[key].get(language)
    return text.format(**fmt) if fmt else text


def both(key: str, **fmt: object) -> str:
    """Japanese, then English: `ログイン / Log in`, as staff pages show a message."""
    return f"{message(key, 'ja', **fmt)} / {message(key, 'en', **fmt)}"


def text(key: str, **fmt: object) -> Text:
    """The message in every language, as a service's error carries it."""
    found = messages()[key]
    return found.format(**fmt) if fmt else found


def section(prefix: str) -> Section:
    """A module's texts by code, e.g. `MESSAGES = section("booking.bookings")`; `MESSAGES["full"]`."""
    return Section(prefix, messages)
