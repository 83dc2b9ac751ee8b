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
        ("こうしん", "certificate-renewal"),  # the easy name's reading: 更新《こうしん》
    ],
)
def test_finds_the_procedure(query, first):
    assert search(CATALOG, query)[0].procedure.id == first


# A resident who lost the card must suspend it first: the suspension leads
# whatever else the words match (urgent: true in procedures.yaml).
@pytest.mark.parametrize(
    "query, first, also",
    [
        ("カード なくした", "suspend-lost-card", "reissue-after-loss"),
        ("カードをなくした", "suspend-lost-card", "reissue-after-loss"),
        ("紛失", "suspend-lost-card", "reissue-after-loss"),
        ("マイナンバーカード 紛失", "suspend-lost-card", "reissue-after-loss"),
        ("lost card", "suspend-lost-card", "reissue-after-loss"),
        ("card stolen", "suspend-lost-card", "reissue-after-loss"),
        ("スマホ なくした", "smartphone-certificate-suspension", "suspend-lost-card"),
    ],
)
def test_the_most_urgent_procedure_comes_first(query, first, also):
    ids = [h.procedure.id for h in search(CATALOG, query)]
    assert ids[0] == first and also in ids


def test_urgency_does_not_pull_in_a_procedure_its_keywords_do_not_match():
    assert search(CATALOG, "暗証番号 忘れた")[0].procedure.id == "pin-reset"
    assert "suspend-lost-card" not in [h.procedure.id for h in search(CATALOG, "カード 更新")]


def test_english_words_match_whole_words_only():
    assert search(CATALOG, "spinning") == []


def test_nothing_for_an_empty_query():
    assert search(CATALOG, "   ") == []


def test_normalise_folds_width_and_kana():
    assert normalise("ＡＢＣ ｱｲｳ カタカナ") == "abc あいう かたかな"
