"""Reading a data file with errors that name the file, the key and the problem.

A city's IT staff edit these YAML files by hand; when one is wrong they must be
told where and why in one line, e.g.
``<city>/procedures.yaml: procedures[4].fees[0].items[1].yen: must be a whole number of yen, got '八百'``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError
from .text import ALL_LANGUAGES, LANGUAGES, Text

_MISSING = object()
MISSING = _MISSING  # Node.get's "no default": the key is required (rules/overlay.py)


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice and an impossible date.

    PyYAML keeps the last of two equal keys without a word; in a hand-edited
    file that silently drops the first entry (a document, a procedure's fee).
    An unquoted date such as 2024-12-32 would escape as a bare ValueError.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as e:
            raise yaml.constructor.ConstructorError(None, None, f"not a real date {node.value!r} ({e})", node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def read_yaml(path: Path, label: str) -> Node:
    try:
        with path.open(encoding="utf-8") as f:
            value = yaml.load(f, Loader=_StrictLoader)
    except FileNotFoundError:
        raise DataError(label, "(file)", "the file is missing") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        raise DataError(label, where, f"not valid YAML: {getattr(e, 'problem', e)}") from None
    if value is None:
        value = {}
    return Node(value, label, "")


class Node:
    """A value in a data file, knowing where it came from."""

    def __init__(self, value: Any, file: str, path: str):
        self.value = value
        self.file = file
        self.path = path

    def fail(self, problem: str) -> DataError:
        return DataError(self.file, self.path or "(top)", problem)

    def _child_path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else str(key)

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def get(self, key: str, default: Any = _MISSING) -> Node:
        if not isinstance(self.value, dict):
            raise self.fail(f"must be a mapping of keys to values, got {type(self.value).__name__}")
        if key not in self.value:
            if default is _MISSING:
                raise DataError(self.file, self._child_path(key), "is required but missing")
            return Node(default, self.file, self._child_path(key))
        return Node(self.value[key], self.file, self._child_path(key))

    def check_keys(self, allowed: set[str]) -> None:
        """Unknown keys are typos more often than not: refuse them."""
        self.mapping()
        for key in self.value:
            if key not in allowed:
                raise DataError(
                    self.file,
                    self._child_path(key),
                    f"unknown key; expected one of: {', '.join(sorted(allowed))}",
                )

    # --- typed readers -------------------------------------------------
    def mapping(self) -> dict[str, Node]:
        if not isinstance(self.value, dict):
            raise self.fail(f"must be a mapping of keys to values, got {_describe(self.value)}")
        return {str(k): Node(v, self.file, self._child_path(str(k))) for k, v in self.value.items()}

    def items(self) -> list[Node]:
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            raise self.fail(f"must be a list, got {_describe(self.value)}")
        return [Node(v, self.file, self._child_path(i)) for i, v in enumerate(self.value)]

    def str(self) -> str:
        if not isinstance(self.value, str) or not self.value.strip():
            raise self.fail(f"must be a non-empty text, got {_describe(self.value)}")
        return self.value.strip()

    def optional_str(self) -> str | None:
        return None if self.value is None else self.str()

    def int(self, minimum: int | None = None) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail(f"must be a whole number, got {_describe(self.value)}")
        if minimum is not None and self.value < minimum:
            raise self.fail(f"must be at least {minimum}, got {self.value}")
        return self.value

    def yen(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise self.fail(f"must be a whole number of yen (0 or more), got {_describe(self.value)}")
        return self.value

    def bool(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"must be true or false, got {_describe(self.value)}")
        return self.value

    def date(self) -> date:
        if isinstance(self.value, date):
            return self.value
        if isinstance(self.value, str):
            try:
                return date.fromisoformat(self.value)
            except ValueError:
                pass
        raise self.fail(f"must be a date as YYYY-MM-DD, got {_describe(self.value)}")

    def optional_date(self) -> date | None:
        return None if self.value is None else self.date()

    def choice(self, choices: tuple[str, ...] | list[str]) -> str:
        value = self.str()
        if value not in choices:
            raise self.fail(f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def text(self) -> Text:
        """A text in every language: {ja: ..., en: ..., easy: ...}."""
        if isinstance(self.value, str):
            raise self.fail("must give the text in every language as {ja: ..., en: ..., easy: ...}")
        self.check_keys(set(ALL_LANGUAGES))
        missing = [lang for lang in LANGUAGES if lang not in self.value]
        if missing:
            raise self.fail(f"lacks a translation: {', '.join(missing)} (every text needs ja, en and easy)")
        return Text.of({lang: self.get(lang).str() for lang in ALL_LANGUAGES if lang in self.value})

    def optional_text(self) -> Text | None:
        return None if self.value is None else self.text()


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return repr(value)
