"""The search box finds procedures from residents' words (rules/guide_search.py)."""

from __future__ import annotations

import pytest

from madoguchi.rules.guide_search import normalise, search
from madoguchi.rules.loader import load_municipality

CATALOG = load_municipality("koganei").catalog


@pytest.mark.parametrize(
    "query, first",
    [
        ("なくした", "suspend-lost-card"),
        ("カードを落とした", "suspend-lost-card"),
        ("暗証番号 忘れた", "pin-reset"),
        ("暗証番号を忘れてしまった", "pin-reset"),
        ("引っ越し", "card-info-change"),
        ("ビザ 更新", "period-of-stay-change"),
        ("lost", "suspend-lost-card"),
        ("PIN locked", "pin-reset"),
        ("ＰＩＮ　ｌｏｃｋｅｄ", "pin-reset"),  # full-width letters and space
        ("ナクシタ", "suspend-lost-card"),  # katakana
        ("ﾋﾞｻﾞ", "period-of-stay-change"),  # half-width katakana
        ("visa extended", "period-of-stay-change"),
        ("moved", "card-info-change"),
        ("見つかった", "lift-suspension"),
    ],
)
def test_finds_the_procedure(query, first):
    assert search(CATALOG, query)[0].procedure.id == first


def test_english_words_match_whole_words_only():
    assert search(CATALOG, "spinning") == []


def test_nothing_for_an_empty_query():
    assert search(CATALOG, "   ") == []


def test_normalise_folds_width_and_kana():
    assert normalise("ＡＢＣ ｱｲｳ カタカナ") == "abc あいう かたかな"
