"""The message catalog: every fixed string a user sees, in every language.

Each package may hold a `messages.yaml` (keys prefixed with its topic, e.g.
`booking.`; `web/messages.yaml` the layout's strings, `core/messages.yaml`
the problems every surface shares), and a sub-package one of its own
(`booking/services/messages.yaml`: the services' refusals, beside their
code). A further language is a file `messages.<lang>.yaml` beside it
(`rules/messages.py`, ADR 0021). A key defined twice, or a string lacking
a language, is a load error. (In core because problems, which every app
raises, are told by key; `madoguchi.web.messages` re-exports it.)

A text that names the city's division writes `{division}`: the catalog fills
it with the name in the serving city's data (city.yaml `division`), in the
text's language, so one catalog serves a city whose division is 市民課 and one
whose is 市民窓口課 (ADR 0033). The serving city is `catalog_city()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from madoguchi.rules.loader import load_municipality
from madoguchi.rules.messages import Section, read_catalogs
from madoguchi.rules.text import Text

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def message_files() -> list[Path]:
    """Every base catalog (`messages.yaml`) of every package and sub-package."""
    return sorted(PACKAGE_ROOT.glob("**/messages.yaml"))


# The placeholders the catalog fills itself, from the serving city's data.
DIVISION = "{division}"

# The city whose data fills the catalog's `{division}`: `madoguchi --city X`
# sets it for the command (cli.main); where it is not set (the web's requests,
# the daily jobs inside Django) the city the process serves answers, as
# core.city registers it when Django is ready. The rules commands never start
# Django, so the catalog asks no Django setting of them.
_CATALOG_CITY: ContextVar[str | None] = ContextVar("madoguchi_catalog_city", default=None)
_serving_city: list[Callable[[], str]] = []


def serve_catalog_city(source: Callable[[], str]) -> None:
    """Where the catalog's city comes from when no command named one (core.city's serving_city)."""
    _serving_city[:] = [source]


@contextmanager
def _set_within(variable: ContextVar, value: object) -> Iterator[None]:
    """The context variable holds `value` within the block, and what it held after it."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def catalog_city_as(city: str):
    """Within the block, texts naming the division name `city`'s (a data folder's id or path)."""
    return _set_within(_CATALOG_CITY, city)


def catalog_city() -> str:
    city = _CATALOG_CITY.get()
    if city is not None:
        return city
    if not _serving_city:
        raise LookupError("no city for the message catalog: run the command with --city, or under Django's settings")
    return _serving_city[0]()


@functools.cache
def _catalog() -> dict[str, Text]:
    """Every catalog as written, `{division}` still in it."""
    return read_catalogs(message_files(), PACKAGE_ROOT)


@functools.cache
def _division_keys() -> frozenset[str]:
    return frozenset(key for key, text in _catalog().items() if any(DIVISION in s for s in text.languages.values()))


@functools.lru_cache(maxsize=8)
def _filled(division: Text) -> dict[str, Text]:
    """The texts that name the division, with one city's division in each language
    (a language its data lacks, e.g. zh, takes the Japanese name, as on the counter's sign)."""
    catalog = _catalog()
    return {
        key: Text.of({lang: s.replace(DIVISION, division.get(lang)) for lang, s in catalog[key].languages.items()})
        for key in _division_keys()
    }


class _Catalog(Mapping[str, Text]):
    """The catalog for the serving city: a text naming the division is filled
    once per city (its division's name) and kept; the city is asked only for
    those, so a command that fails on its `--city` can still say why."""

    def __getitem__(self, key: str) -> Text:
        if key in _division_keys():
            return _filled(load_municipality(catalog_city()).city.division)[key]
        return _catalog()[key]

    def __contains__(self, key: object) -> bool:
        return key in _catalog()

    def __iter__(self) -> Iterator[str]:
        return iter(_catalog())

    def __len__(self) -> int:
        return len(_catalog())


_CITY_CATALOG = _Catalog()


def messages() -> Mapping[str, Text]:
    return _CITY_CATALOG


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


def english_beside_as(show: bool):
    """Within the block, staff texts show English beside the Japanese if `show`."""
    return _set_within(_ENGLISH_BESIDE, show)


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
