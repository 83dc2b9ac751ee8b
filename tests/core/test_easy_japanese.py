"""やさしい日本語 by the national guideline: short sentences, kanji with their readings.

The guideline (在留支援のためのやさしい日本語ガイドライン, 出入国在留管理庁・文化庁
2020) asks for kanji with furigana rather than all-kana text, so a resident
can match the words to the signs in the building (小金井市役所 第二庁舎).
An easy text of more than a few words written only in kana fails here; its
kanji are written with inline readings, 市役所《しやくしょ》 (core/furigana.py).
A catalog's easy text of any length fails too when its Japanese has kanji and
the easy text has none (お問い合わせ as 「といあわせ」, not 問《と》い合《あ》わせ),
unless its words are ones normally written in kana (NORMALLY_KANA).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from madoguchi.core.messages import PACKAGE_ROOT
from madoguchi.rules.messages import read_catalog

# The catalogs a resident reads (the staff side's keys are skipped below).
RESIDENT_CATALOGS = (
    "guide/messages.yaml", "booking/messages.yaml", "booking/services/messages.yaml", "core/messages.yaml",
    "web/messages.yaml", "queue/messages.yaml", "notices/messages.yaml", "rules/messages.yaml",
)
STAFF_KEYS = re.compile(r"^(booking|queue)\.staff\.")
DATA_FILES = sorted((PACKAGE_ROOT / "data").glob("*/*.yaml"))
# Short texts with no kanji a resident needs: a word or two, names in katakana.
EXCEPTIONS: set[str] = set()
# A language's name as written in it, shown in the switch (日本語 has its reading from furigana.READINGS).
LANGUAGE_NAMES = re.compile(r"^lang\.")
# A reading is kana, or a placeholder the code fills with kana (2日《{day_reading}》: ふつか, not にち).
READING = re.compile(r"[\u4e00-\u9fff々〆]+《(?:[ぁ-ゖ]+|\{\w+\})》")
KANJI = re.compile(r"[\u4e00-\u9fff々〆]")
# Words an easy text writes in kana although its Japanese has kanji: the guideline's
# usual kana words (いっぱい for 満員, ずれ for 誤差, いりません for 不要), the honorific
# さま (a mail's first line, written without a reading pass: booking/services/confirmations.py),
# and the particles and demonstratives that join them. Each is a whole word, not a prefix.
NORMALLY_KANA = frozenset({
    "いっぱい", "ずれ", "さま", "いりません", "ありません", "できません", "はい", "いいえ", "この", "その",
    "は", "を", "が", "に", "の", "で", "と", "も", "へ", "や", "か",
})
KATAKANA = re.compile(r"[\u30a0-\u30ffー]+")
HIRAGANA = re.compile(r"[ぁ-ゖ]")


def words(text: str) -> list[str]:
    """The text's words as written with spaces between them (分かち書き), placeholders and ASCII left out."""
    bare = re.sub(r"\{[^}]*\}|[A-Za-z0-9@._:/-]+", " ", text)
    return [w for w in re.split(r"[\s、。・「」（）()？！?!：]+", bare) if w]


def is_all_kana(text: str) -> bool:
    """More than a few words and not one kanji with its reading: what the guideline asks not to write."""
    return len(words(text)) > 3 and not READING.search(text)


def kana_words(text: str) -> list[str]:
    """The text's hiragana words, katakana (loanwords, names), placeholders and ASCII left out."""
    return [w for word in words(text) for w in KATAKANA.split(word) if HIRAGANA.search(w)]


def is_kana_beside_kanji(ja: str, easy: str) -> bool:
    """Kanji in the Japanese, not one with its reading in the easy text, and a word that is not normally kana."""
    return bool(KANJI.search(ja)) and not READING.search(easy) and any(w not in NORMALLY_KANA for w in kana_words(easy))


def bare_kanji(text: str) -> list[str]:
    """Kanji written without a reading (outside 《》), which an easy page would show bare."""
    plain = READING.sub("", text)
    return KANJI.findall(plain)


def catalog_texts():
    for catalog in RESIDENT_CATALOGS:
        for key, text in read_catalog(PACKAGE_ROOT / catalog, catalog).items():
            if not STAFF_KEYS.match(key) and not LANGUAGE_NAMES.match(key) and key not in EXCEPTIONS:
                yield f"{catalog}: {key}", text


def catalog_easy_texts():
    for where, text in catalog_texts():
        yield where, text.easy


def data_texts():
    """Every Text of the data files (a mapping with ja and easy), with where it is: a name, a label, a summary."""
    def walk(node, path):
        if isinstance(node, dict):
            if isinstance(node.get("ja"), str) and isinstance(node.get("easy"), str):
                yield path, node
            for k, v in node.items():
                yield from walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]")

    for path in DATA_FILES:
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), f"data/{path.parent.name}/{path.name}")


def data_easy_texts():
    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "easy" and isinstance(v, str):
                    yield path, v
                else:
                    yield from walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]")

    for path in DATA_FILES:
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), f"data/{path.parent.name}/{path.name}")


def test_no_easy_text_of_the_resident_catalogs_is_all_kana():
    assert [where for where, easy in catalog_easy_texts() if is_all_kana(easy)] == []


def test_no_easy_text_of_the_resident_catalogs_is_kana_where_the_japanese_has_kanji():
    """Of any length: 「といあわせ」 for お問い合わせ is one word, still all kana."""
    assert [(where, t.ja, t.easy) for where, t in catalog_texts() if is_kana_beside_kanji(t.ja, t.easy)] == []


def test_no_easy_name_or_text_of_the_city_data_is_all_kana():
    assert [where for where, easy in data_easy_texts() if is_all_kana(easy)] == []


def test_no_easy_text_of_the_data_is_kana_where_the_japanese_has_kanji():
    """The catalogs' rule on the data: 「みぶんしょうめいしょ」 for 本人確認書類 is kana a learner cannot match to the form."""
    assert [(where, t["ja"], t["easy"]) for where, t in data_texts() if is_kana_beside_kanji(t["ja"], t["easy"])] == []


def test_the_data_walk_finds_the_texts_of_every_data_file():
    """The check above cannot pass by reading nothing: names, labels and notices of the national and city files."""
    files = {where.split(".yaml")[0] for where, _ in data_texts()}
    assert {"data/national/procedures", "data/national/documents", "data/koganei/notices", "data/kokubunji/notices"} <= files


def test_every_kanji_of_an_easy_text_has_its_reading():
    """A kanji without 《reading》 would reach an easy page bare (the page test catches it too, page by page)."""
    bare = [(where, easy) for where, easy in [*catalog_easy_texts(), *data_easy_texts()] if bare_kanji(easy)]
    assert bare == []


def test_place_names_are_as_on_the_buildings_signs():
    easy = "\n".join(e for _, e in data_easy_texts())
    assert "小金井市役所《こがねいしやくしょ》 第二庁舎《だいにちょうしゃ》" in easy
    assert "こがねいしやくしょ だいにちょうしゃ" not in READING.sub("", easy)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("この てつづきは よやく できません。", True),
        ("この 手続《てつづ》きは 予約《よやく》 できません。", False),
        ("戻《もど》る", False),
        ("マイナンバーカード", False),
        ("{n}えん", False),
    ],
)
def test_the_all_kana_check_reads_a_text_as_the_guideline_does(text, flagged):
    assert is_all_kana(text) is flagged


@pytest.mark.parametrize(
    ("ja", "easy", "flagged"),
    [
        ("お問い合わせ", "といあわせ", True),
        ("お問い合わせ", "問《と》い合《あ》わせ", False),
        ("ご注意", "きを つけること", True),
        ("変更する", "かえる", True),
        ("例: 1990-06-15", "れい: 1990-06-15", True),
        ("月", "げつ", True),
        ("満員", "いっぱい", False),  # normally kana
        ("{name} 様", "{name} さま", False),
        ("その名前のキオスクはありません。", "その キオスクは ありません。", False),  # a loanword and kana words
        ("マイナンバーカード", "マイナンバーカード", False),  # no kanji to read
        ("キャンセル待ちをやめる", "キャンセルまちを やめる", True),  # the loanword does not excuse まち
    ],
)
def test_the_kana_beside_kanji_check_allows_only_words_normally_in_kana(ja, easy, flagged):
    assert is_kana_beside_kanji(ja, easy) is flagged
