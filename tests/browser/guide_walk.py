"""Helpers for walking the guide in a browser as a resident would."""

from __future__ import annotations

import re
from datetime import date

from madoguchi.core.furigana import plain
from madoguchi.guide.presenters import options
from madoguchi.rules.guide import questions
from madoguchi.rules.loader import load_municipality

PINNED_NOW = "2026-11-20T10:00+09:00"
TODAY = date(2026, 11, 20)
M = load_municipality("koganei").as_of(TODAY)  # the law of the pinned day
QUESTION_URL = re.compile(r"/guide/q/([a-z_]+)/")


def option_label(question_id: str, value: str, lang: str = "ja") -> str:
    for o in options(M, questions(M)[question_id], lang, TODAY):
        if o.value == value:
            return plain(o.label)
    raise KeyError((question_id, value))


def answer_questions(page, answers: dict[str, str], lang: str = "ja") -> list[str]:
    """Answer each question the page asks by clicking its label; returns the questions asked."""
    asked = []
    while "/guide/outcome/" not in page.url:
        match = QUESTION_URL.search(page.url)
        assert match, f"neither a question nor the outcome: {page.url}"
        qid = match.group(1)
        asked.append(qid)
        page.get_by_label(option_label(qid, answers[qid], lang), exact=True).check()
        page.get_by_role("button", name={"ja": "次へ", "en": "Continue", "easy": "つぎへ"}[lang]).click()
        page.wait_for_load_state()
        assert len(asked) < 12, "the interview does not end"
    return asked
