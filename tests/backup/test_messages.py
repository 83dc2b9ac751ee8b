"""Every message the backup commands can say exists in the catalog, with the
same placeholders in Japanese and English (a missing one would be a KeyError
at the worst moment: in the middle of a restore)."""

from __future__ import annotations

import re
import string
from pathlib import Path

from madoguchi.web.messages import messages

SRC = Path(__file__).resolve().parents[2] / "src" / "madoguchi"
SOURCES = [*(SRC / "backup").glob("*.py"), SRC / "cli" / "backup_commands.py"]


def used_keys() -> set[str]:
    found = set()
    for path in SOURCES:
        found |= set(re.findall(r'"(backup\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_is_in_the_catalog():
    keys = used_keys()
    assert len(keys) > 30
    assert keys <= set(messages()), keys - set(messages())


def test_japanese_and_english_take_the_same_placeholders():
    for key, text in messages().items():
        if key.startswith("backup."):
            assert placeholders(text.ja) == placeholders(text.en), key
            assert placeholders(text.easy) <= placeholders(text.en), key
