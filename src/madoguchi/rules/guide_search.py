"""Finding a procedure from the words residents use, in Japanese or English.

Both the query and the procedures' keywords and names are normalised the same
way: NFKC (full-width letters and half-width katakana become ordinary ones),
lower case, katakana folded to hiragana (ナクシタ = なくした). A keyword found
in the query counts, and so does a query word found in a keyword; English
words are matched whole so that "pin" does not match "spinning".

Ranking: a procedure marked `urgent` in the data (suspending a lost card)
whose own keywords match comes first, whatever else matched more words:
someone typing 「カード なくした」 must call the 24-hour line before anything
else. Then the number of matched terms; ties keep the catalog's order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .catalog import Catalog, Procedure
from .readings import kana

_KATAKANA = re.compile(r"[\u30a1-\u30f6]")
_WORDS = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\s、。,.・/／!?！？「」()（）]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _KATAKANA.sub(lambda c: chr(ord(c.group()) - 0x60), text)


def _is_latin(term: str) -> bool:
    return bool(term) and all(ch.isascii() for ch in term)


@dataclass(frozen=True)
class Hit:
    procedure: Procedure
    score: int
    matched: tuple[str, ...]
    urgent: bool = False  # an urgent procedure found by its own keywords


def _terms(procedure: Procedure) -> list[str]:
    # The easy name as it sounds (更新《こうしん》 as こうしん): a kana query finds it, and its
    # kanji do not count a second time beside the Japanese name's.
    names = [procedure.name.ja, procedure.name.en, kana(procedure.name.easy)]
    return [normalise(t) for t in (*procedure.keywords, *names) if t.strip()]


def _matches(term: str, query: str, query_words: set[str], query_parts: list[str]) -> bool:
    if _is_latin(term):
        # whole words: "pin locked" holds "pin" and "locked", not "spin"
        words = _WORDS.findall(term)
        return bool(words) and all(w in query_words for w in words)
    if term in query:
        return True
    # a query word inside a longer keyword or name ("暗証" in "暗証番号")
    return any(len(p) >= 2 and not _is_latin(p) and p in term for p in query_parts)


def search(catalog: Catalog, query: str, limit: int = 5) -> list[Hit]:
    q = normalise(query).strip()
    if not q:
        return []
    query_words = set(_WORDS.findall(q))
    query_parts = [p for p in _SEPARATORS.split(q) if p]
    hits = []
    for procedure in catalog.all():
        matched = tuple(dict.fromkeys(t for t in _terms(procedure) if _matches(t, q, query_words, query_parts)))
        if matched:
            keywords = {normalise(k) for k in procedure.keywords}
            urgent = procedure.urgent and any(t in keywords for t in matched)
            hits.append(Hit(procedure, len(matched), matched, urgent))
    hits.sort(key=lambda h: (not h.urgent, -h.score))  # stable: ties keep the catalog's order
    return hits[:limit]
