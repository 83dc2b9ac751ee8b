"""やさしい日本語's inline readings, 市役所《しやくしょ》 (the Aozora Bunko manner), as plain strings.

No Django here, so the rules core can read an easy text as it sounds: the
search (guide_search.py) matches a resident's 「こうしん」 to 更新《こうしん》.
core/furigana.py renders the same marks as <ruby> for the pages.
"""

from __future__ import annotations

import re

# A run of kanji and its reading; ｜ may mark where the run starts.
INLINE = re.compile(r"｜?([\u4e00-\u9fff々〆]+)《([^》]+)》")


def kana(text: str) -> str:
    """The text with each kanji given as its reading: for an easy page's title or attribute, where <ruby> cannot go."""
    return INLINE.sub(lambda m: m.group(2), text)


def bracketed(text: str) -> str:
    """Readings in brackets after their kanji, 市役所（しやくしょ）: an easy mail or letter, where <ruby> cannot go."""
    return INLINE.sub(lambda m: f"{m.group(1)}（{m.group(2)}）", text)


def plain(text: str) -> str:
    """The text with inline readings removed (ja and en never carry them; PDFs and ICS files want none)."""
    return INLINE.sub(lambda m: m.group(1), text)
