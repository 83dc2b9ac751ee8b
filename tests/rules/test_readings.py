"""The inline readings as strings (rules/readings.py), without Django."""

from __future__ import annotations

from madoguchi.rules.readings import bracketed, kana, plain

EASY = "市役所《しやくしょ》の 窓口《まどぐち》"


def test_kana_gives_each_kanji_as_its_reading():
    assert kana(EASY) == "しやくしょの まどぐち"


def test_bracketed_keeps_the_kanji_with_the_reading_after_it():
    assert bracketed(EASY) == "市役所（しやくしょ）の 窓口（まどぐち）"


def test_plain_drops_the_readings():
    assert plain(EASY) == "市役所の 窓口"
    assert plain("｜小金井《こがねい》") == "小金井"
