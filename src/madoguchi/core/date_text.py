"""The one way a date or a time of day is written for a person to read.

Japanese: 2027年1月30日（土）; with the era where official letters use it,
令和9年1月30日（土） instead, or 2027年（令和9年）1月30日（土） beside.
English: Saturday 30 January 2027. やさしい日本語: the weekday written out, each
kanji with its reading inline in the Aozora manner (2027年《ねん》…土曜日《どようび》),
which the guide's furigana turns into <ruby>; `readings=False` gives the
plain text a mail, a PDF or an ICS file wants. Times: 9時30分 / 9:30.

Every page (the `day_label`, `time_label` and `slot_label` template tags), the
checklist PDF, the ICS file and the notices' letters write dates through here,
so no ISO date (2027-01-30) reaches a resident or a clerk.

The era of a date comes from `japanera` (its table runs to 令和 and will gain
the next era on a release); its name in each language from the message
catalog (`date.era.<english>`), falling back to japanera's own.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Literal

from japanera import EraDate

from madoguchi.rules.text import LANGUAGES, Text

from .messages import message, messages

# How the era stands with the Western year: not at all (pages), beside it, or
# instead of it (an official letter); `MADOGUCHI_LETTER_ERA` chooses for letters.
Era = Literal["none", "beside", "instead"]
ERA_CHOICES: tuple[str, ...] = ("none", "beside", "instead")

_INLINE = re.compile(r"《[^》]*》")

# The readings of 日 after a day number where it is not にち (ふつか, みっか,
# …, はつか): the kanji reads か there. 1日 (ついたち) keeps にち, which an
# easy-Japanese reader also understands.
_DAY_READ_KA = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 20, 24})


def _strip(text: str, readings: bool) -> str:
    return text if readings else _INLINE.sub("", text)


def era_year(day: date, lang: str) -> str:
    """令和9年, 令和元年 (the first year of an era), Reiwa 9."""
    era = EraDate.from_date(day).era
    n = era.absolute_year_to_relative_year(day.year)
    key = f"date.era.{era.english.lower()}"
    name = message(key, lang) if key in messages() else (era.english if lang == "en" else era.kanji)
    if n == 1:
        return message("date.era_first_year", lang, era=name)
    return message("date.era_year", lang, era=name, n=n)


def day_text(day: date, lang: str, *, era: Era = "none", readings: bool = True) -> str:
    """A day with its weekday, in `lang`; `era` adds or puts the Japanese era."""
    fmt = {
        "year": day.year,
        "month": message(f"date.month.{day.month}", lang),
        "day": day.day,
        "day_reading": "か" if day.day in _DAY_READ_KA else "にち",
        "weekday": message(f"date.weekday.{day.weekday()}", lang),
    }
    if era == "instead":
        text = message("date.day_era", lang, era_year=era_year(day, lang), **fmt)
    elif era == "beside":
        text = message("date.day_era_beside", lang, era_year=era_year(day, lang), **fmt)
    else:
        text = message("date.day", lang, **fmt)
    return _strip(text, readings)


def month_day_text(day: date, lang: str, *, readings: bool = True) -> str:
    """11月30日 / 30 November: a column's day where its year is said once above (the open-data weeks)."""
    day_reading = "か" if day.day in _DAY_READ_KA else "にち"
    text = message("date.month_day", lang, month=message(f"date.month.{day.month}", lang), day=day.day, day_reading=day_reading)
    return _strip(text, readings)


def day_in_every_language(day: date) -> Text:
    """The day in ja, en and easy (plain), for a message a service formats in every language."""
    return Text(**{lang: day_text(day, lang, readings=False) for lang in LANGUAGES})


def _minute_reading(minute: int) -> str:
    # 1, 3, 4, 6, 8 and 10 (and their tens) read ぷん; 2, 5, 7, 9 read ふん.
    return "ふん" if minute % 10 in (2, 5, 7, 9) else "ぷん"


def time_text(t: time, lang: str, *, readings: bool = True) -> str:
    """9時30分, 9時 on the hour; 9:30 in English."""
    if lang != "en" and t.minute == 0:
        text = message("date.time_hour", lang, hour=t.hour)
    else:
        text = message("date.time", lang, hour=t.hour, minute=t.minute, minute_2=f"{t.minute:02d}",
                       minute_reading=_minute_reading(t.minute))
    return _strip(text, readings)


def span_text(start: time, end: time, lang: str, *, readings: bool = True) -> str:
    """9時30分〜10時 / 9:30–10:00."""
    return message("date.span", lang, start=time_text(start, lang, readings=readings),
                   end=time_text(end, lang, readings=readings))


def clock_span_text(start: time, end: time, lang: str = "ja") -> str:
    """09:00〜10:00: a span in a clerk's table, in clock digits that line up in a column,
    joined as every span is (date.span: 〜 in Japanese, as the resident pages, – in English)."""
    return message("date.span", lang, start=f"{start:%H:%M}", end=f"{end:%H:%M}")


def minutes_text(minutes: int, lang: str, *, readings: bool = True) -> str:
    """A time given as minutes from midnight (the calendar's hours); 1440 is 24時 / 24:00."""
    if minutes == 24 * 60:
        return _strip(message("date.time_hour", lang, hour=24), readings)
    return time_text(time(minutes // 60, minutes % 60), lang, readings=readings)


def hours_text(start: int, end: int, lang: str, *, readings: bool = True) -> str:
    """The counter's hours, 8時30分〜17時 / 8:30–17:00, from minutes from midnight."""
    return message("date.span", lang, start=minutes_text(start, lang, readings=readings),
                   end=minutes_text(end, lang, readings=readings))


def slot_text(day: date, start: time, end: time, lang: str, *, readings: bool = True) -> str:
    """2027年1月30日（土） 9時30分〜10時: a booked time as a resident reads it."""
    return f"{day_text(day, lang, readings=readings)} {span_text(start, end, lang, readings=readings)}"


def closed_day_text(reasons: list[str], lang: str) -> str:
    """休み：祝日（元日）のため休業／年末年始…: a closed day with every reason, each kept apart."""
    return message("calendar.closed_day", lang, reasons=message("calendar.reason_separator", lang).join(reasons))


def letter_era() -> Era:
    """The era setting for official letters and printed checklists (settings.MADOGUCHI_LETTER_ERA)."""
    from django.conf import settings

    value = getattr(settings, "MADOGUCHI_LETTER_ERA", "beside")
    return value if value in ERA_CHOICES else "beside"
