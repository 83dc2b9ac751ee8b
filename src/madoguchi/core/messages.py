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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


# Whether a staff text shows its English beside the Japanese. A Japanese clerk
# reads Japanese only; a clerk who asked for it (StaffProfile.show_english) sees
# both. The staff session middleware sets it for each /staff/ request; elsewhere
# (the command line, a log) both are written.
_ENGLISH_BESIDE: ContextVar[bool] = ContextVar("madoguchi_english_beside", default=True)


def english_beside() -> bool:
    return _ENGLISH_BESIDE.get()


@contextmanager
def english_beside_as(show: bool) -> Iterator[None]:
    """Within the block, staff texts show English beside the Japanese if `show`."""
    token = _ENGLISH_BESIDE.set(show)
    try:
        yield
    finally:
        _ENGLISH_BESIDE.reset(token)


def pair(ja: str, en: str) -> str:
    """`ログイン / Log in`, or `ログイン` alone when English is not wanted beside it."""
    return f"{ja} / {en}" if english_beside() and en and en != ja else ja


def halves(key: str, **fmt: object) -> tuple[str, str]:
    """The message in Japanese and in English; a value that is a `Text` (a
    procedure's name, a week's label) goes into each in that language."""
    def half(lang: str) -> str:
        return message(key, lang, **{k: v.get(lang) if isinstance(v, Text) else v for k, v in fmt.items()})

    return half("ja"), half("en")


def both(key: str, **fmt: object) -> str:
    """Japanese, then English: `ログイン / Log in`, as staff pages show a message
    (the Japanese alone unless the clerk chose English beside it)."""
    return pair(*halves(key, **fmt))


def both_text(found: Text) -> str:
    """A service's or the rules' text as `both` shows a message."""
    return pair(found.ja, found.en)


def text(key: str, **fmt: object) -> Text:
    """The message in every language, as a service's error carries it."""
    found = messages()[key]
    return found.format(**fmt) if fmt else found


def section(prefix: str) -> Section:
    """A module's texts by code, e.g. `MESSAGES = section("booking.bookings")`; `MESSAGES["full"]`."""
    return Section(prefix, messages)
