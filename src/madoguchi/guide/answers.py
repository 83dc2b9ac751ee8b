"""Answers live in the query string: `?situation=lost&lost_where=outside&...`.

Only question ids are read; anything else in the URL is ignored. No session:
a link holds the whole interview, so it can be shared, bookmarked or printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.http import QueryDict

from madoguchi.rules.guide import questions
from madoguchi.rules.municipality import Municipality


def read(m: Municipality, query: QueryDict) -> dict[str, str]:
    ids = questions(m)
    return {q: query[q] for q in ids if q in query and query[q] != ""}


def encode(answers: Mapping[str, str], **extra: str) -> str:
    return urlencode({**answers, **extra})


def without(answers: Mapping[str, str], question: str) -> dict[str, str]:
    return {q: v for q, v in answers.items() if q != question}
