"""Dates and times as a Japanese, an English and an easy-Japanese reader expects (tests/core/cases/date_text.yaml)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
import yaml
from django.template import Context, Template

from madoguchi.core.date_text import clock_span_text, day_text, hours_text, span_text, time_text

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "date_text.yaml").read_text(encoding="utf-8"))


def _params(section: str) -> list:
    return [pytest.param(row, id="-".join(str(v) for k, v in row.items() if k != "text")) for row in CASES[section]]


@pytest.mark.parametrize("case", _params("days"))
def test_day(case):
    got = day_text(case["date"], case["lang"], era=case.get("era", "none"), readings=case.get("readings", True))
    assert got == case["text"]


@pytest.mark.parametrize("case", _params("times"))
def test_time(case):
    assert time_text(time.fromisoformat(case["time"]), case["lang"]) == case["text"]


@pytest.mark.parametrize("case", _params("spans"))
def test_span(case):
    start, end = time.fromisoformat(case["start"]), time.fromisoformat(case["end"])
    assert span_text(start, end, case["lang"]) == case["text"]
    minutes = lambda t: t.hour * 60 + t.minute  # noqa: E731
    assert hours_text(minutes(start), minutes(end), case["lang"]) == case["text"]


def test_a_clerks_table_writes_a_span_in_clock_digits_joined_as_every_span():
    """The bookings day and the openings page: 09:00 lines up in a column; the 〜 is the resident pages' (date.span)."""
    assert clock_span_text(time(9, 0), time(9, 30)) == "09:00〜09:30"
    assert clock_span_text(time(17, 0), time(20, 0), "en") == "17:00–20:00"
    rendered = Template("{% load madoguchi %}{% clock_span a b %}").render(Context({"a": time(8, 30), "b": time(12, 0), "lang": "ja"}))
    assert rendered == "08:30〜12:00"


def test_the_counters_24_00_is_written_as_24():
    assert hours_text(0, 24 * 60, "ja") == "0時〜24時"


@pytest.mark.parametrize(
    ("lang", "html"),
    [
        ("ja", "2027年1月30日（土）"),
        ("en", "Saturday 30 January 2027"),
        ("easy", "<ruby>土曜日<rt>どようび</rt></ruby>"),
    ],
)
def test_the_day_label_tag_writes_the_one_format_and_ruby_on_easy_pages(lang, html):
    rendered = Template("{% load madoguchi %}{% day_label d %}").render(Context({"d": date(2027, 1, 30), "lang": lang}))
    assert html in rendered
    assert "2027-01-30" not in rendered and "《" not in rendered


def test_a_letter_uses_the_era_setting(settings):
    from madoguchi.core.date_text import letter_era

    settings.MADOGUCHI_LETTER_ERA = "instead"
    assert day_text(date(2027, 1, 30), "ja", era=letter_era()) == "令和9年1月30日（土）"
    settings.MADOGUCHI_LETTER_ERA = "none"
    assert day_text(date(2027, 1, 30), "ja", era=letter_era()) == "2027年1月30日（土）"


def test_a_mistyped_letter_era_setting_is_named_by_the_system_check(settings):
    from madoguchi.core.checks import letter_era_is_a_choice

    settings.MADOGUCHI_LETTER_ERA = "reiwa"
    (error,) = letter_era_is_a_choice()
    assert error.id == "core.E005" and "'reiwa'" in error.msg and "beside" in error.hint
    settings.MADOGUCHI_LETTER_ERA = "instead"
    assert letter_era_is_a_choice() == []
