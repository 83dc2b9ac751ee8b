"""Furigana for やさしい日本語 pages: every kanji shown there sits in <ruby>.

Two sources of readings: the guide's own messages write them inline in the
Aozora Bunko manner, `日本語《にほんご》`; texts from elsewhere that may hold kanji
(the `holidays` library's holiday names, dates) are matched against READINGS.
A test renders every easy page and fails on a kanji outside <ruby>, so a new
word without a reading is caught before a resident sees it.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The marks as strings (kana, bracketed, plain) are the rules core's, which has no Django; imported from here too.
from madoguchi.rules.readings import INLINE as _INLINE
from madoguchi.rules.readings import bracketed, kana, plain

__all__ = ["READINGS", "bracketed", "kana", "plain", "ruby_html"]


# Words that reach easy pages from outside the messages: national holiday
# names (holidays.JP, language "ja"), and the date and time counters.
READINGS = {
    "勤労感謝の日": "きんろうかんしゃのひ",
    "建国記念の日": "けんこくきねんのひ",
    "天皇誕生日": "てんのうたんじょうび",
    "憲法記念日": "けんぽうきねんび",
    "国民の休日": "こくみんのきゅうじつ",
    "こどもの日": "こどものひ",
    "みどりの日": "みどりのひ",
    "スポーツの日": "スポーツのひ",
    "元日": "がんじつ",
    "山の日": "やまのひ",
    "成人の日": "せいじんのひ",
    "振替休日": "ふりかえきゅうじつ",
    "敬老の日": "けいろうのひ",
    "文化の日": "ぶんかのひ",
    "春分の日": "しゅんぶんのひ",
    "秋分の日": "しゅうぶんのひ",
    "昭和の日": "しょうわのひ",
    "海の日": "うみのひ",
    "日本語": "にほんご",
}
_WORDS = re.compile("|".join(sorted(map(re.escape, READINGS), key=len, reverse=True)))


def _ruby(base: str, reading: str) -> str:
    return f"<ruby>{base}<rt>{reading}</rt></ruby>"


def ruby_html(text: str) -> SafeString:
    """Escape `text` and turn inline readings and known words into <ruby>.

    A known word gets one reading for the whole word (勤労感謝の日), read as one.
    """
    out = escape(text)
    out = _INLINE.sub(lambda m: _ruby(m.group(1), m.group(2)), out)
    parts = re.split(r"(<ruby>.*?</ruby>)", out)
    parts = [p if p.startswith("<ruby>") else _WORDS.sub(lambda m: _ruby(m.group(), READINGS[m.group()]), p) for p in parts]
    return mark_safe("".join(parts))
