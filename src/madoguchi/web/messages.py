"""The fixed strings of the user interface, in every language (messages.yaml)."""

from __future__ import annotations

import functools
from pathlib import Path

from madoguchi.rules.datafile import Node, read_yaml
from madoguchi.rules.text import Text

MESSAGES_FILE = Path(__file__).resolve().parent / "messages.yaml"


@functools.cache
def messages() -> dict[str, Text]:
    root: Node = read_yaml(MESSAGES_FILE, "web/messages.yaml")
    return {key: node.text() for key, node in root.mapping().items()}


def message(key: str, language: str, **fmt: object) -> str:
    text = messages()[key].get(language)
    return text.format(**fmt) if fmt else text
