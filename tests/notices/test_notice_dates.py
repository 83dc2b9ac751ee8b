"""A notice writes its dates as residents read them; a printed letter's date line carries the era."""

from __future__ import annotations

from datetime import date

from madoguchi.notices.services.content import format_date


def test_a_notice_day_in_each_language():
    assert format_date(date(2027, 1, 30), "ja") == "2027年1月30日（土）"
    assert format_date(date(2027, 1, 30), "en") == "Saturday 30 January 2027"
    assert format_date(date(2027, 1, 30), "easy") == "2027年1月30日（土曜日）"  # a letter has no ruby markup


def test_a_letters_date_line_follows_the_era_setting(settings):
    settings.MADOGUCHI_LETTER_ERA = "instead"
    assert format_date(date(2027, 1, 30), "ja", letter=True) == "令和9年1月30日（土）"
    settings.MADOGUCHI_LETTER_ERA = "beside"
    assert format_date(date(2027, 1, 30), "ja", letter=True) == "2027年（令和9年）1月30日（土）"
