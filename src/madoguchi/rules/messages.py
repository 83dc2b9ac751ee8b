"""Reading message catalogs: one YAML line per key, a file per further language.

`<pkg>/messages.yaml` holds every key with `{ja, en, easy}` side by side, so
the three Japanese-side texts are reviewed together. A further language lives
in `<pkg>/messages.<lang>.yaml` (key → text) and is merged in; its keys must
exist in the base catalog. A key whose name starts with `_` is the file's
own note (e.g. `_review:` on a machine-drafted translation), not a message.
Pure Python: the rules core reads its own catalog (`rules/messages.yaml`)
with this, and `core.messages` reads every package's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .datafile import read_yaml
from .errors import DataError, RulesInputError
from .text import ALL_LANGUAGES, LANGUAGES, Text

RULES_ROOT = Path(__file__).resolve().parent


def language_files(base: Path) -> dict[str, Path]:
    """The further-language files beside a base catalog: {"zh": .../messages.zh.yaml}."""
    out = {}
    for path in sorted(base.parent.glob(f"{base.stem}.*.yaml")):
        language = path.name.removeprefix(f"{base.stem}.").removesuffix(".yaml")
        if language in LANGUAGES or language not in ALL_LANGUAGES:
            raise DataError(path.name, "(file)", f"not a further language; expected messages.<{'|'.join(l for l in ALL_LANGUAGES if l not in LANGUAGES)}>.yaml")
        out[language] = path
    return out


def read_catalog(base: Path, label: str) -> dict[str, Text]:
    """One package's catalog: the base file with every further language merged in."""
    texts = {key: node.text() for key, node in read_yaml(base, label).mapping().items() if not key.startswith("_")}
    extra: dict[str, dict[str, str]] = {}
    for language, path in language_files(base).items():
        file_label = f"{base.parent.name}/{path.name}"
        for key, node in read_yaml(path, file_label).mapping().items():
            if key.startswith("_"):
                continue
            if key not in texts:
                raise DataError(file_label, key, f"not a key of {label}; a translation needs its Japanese first")
            extra.setdefault(key, {})[language] = node.str()
    return {key: Text.of({**text.languages, **extra.get(key, {})}) for key, text in texts.items()}


def read_catalogs(bases: list[Path], root: Path) -> dict[str, Text]:
    out: dict[str, Text] = {}
    for base in bases:
        label = str(base.relative_to(root))
        for key, text in read_catalog(base, label).items():
            if key in out:
                raise DataError(label, key, "defined in another messages.yaml too; use a key prefixed with the app's topic")
            out[key] = text
    return out


@functools.cache
def rules_messages() -> dict[str, Text]:
    """The rules core's own texts (its input errors, channel names), without Django."""
    return read_catalogs(sorted(RULES_ROOT.glob("**/messages.yaml")), RULES_ROOT.parent)


def rules_text(key: str, **fmt: object) -> Text:
    found = rules_messages()[key]
    return found.format(**fmt) if fmt else found


class Section(Mapping[str, Text]):
    """The texts under one key prefix, by their last part: `Section("booking.bookings", messages)["full"]`.

    Read lazily, so a module can name its texts at import time without
    loading a catalog then.
    """

    def __init__(self, prefix: str, catalog: Callable[[], dict[str, Text]]):
        self.prefix = prefix + "."
        self._catalog = catalog

    def __getitem__(self, code: str) -> Text:
        return self._catalog()[self.prefix + code]

    def __iter__(self) -> Iterator[str]:
        return (key.removeprefix(self.prefix) for key in self._catalog() if key.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def rules_section(prefix: str) -> Section:
    return Section(prefix, rules_messages)


def input_error(code: str, **params: object) -> RulesInputError:
    """A question asked with bad input, told by its catalog entry `rules.input.<code>` in every language."""
    return RulesInputError(code, rules_text(f"rules.input.{code.replace('-', '_')}", **params))
