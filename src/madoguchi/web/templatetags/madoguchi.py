"""Template tags: `{% t "key" %}` for a UI string, `{{ text|tr:lang }}` for data texts."""

from __future__ import annotations

from datetime import date, datetime, time

from django import template
from django.utils.safestring import SafeString

from madoguchi.core import clock, date_text
from madoguchi.guide.furigana import ruby_html

from madoguchi.rules.text import Text

from ..messages import message

register = template.Library()


@register.simple_tag(takes_context=True)
def t(context: template.Context, key: str, **fmt: object) -> str:
    return message(key, context.get("lang", "ja"), **fmt)


@register.filter
def tr(text: Text | None, lang: str) -> str:
    return "" if text is None else text.get(lang)


@register.filter
def yen(amount: int) -> str:
    return f"{amount:,}"


def _readable(text: str, lang: str) -> SafeString | str:
    """Easy pages show the readings as <ruby>; others the plain text."""
    return ruby_html(text) if lang == "easy" else text


@register.simple_tag(takes_context=True)
def day_label(context: template.Context, day: date) -> SafeString | str:
    """2027年1月30日（土） / Saturday 30 January 2027 / with readings on easy pages (core/date_text.py)."""
    lang = context.get("lang", "ja")
    return _readable(date_text.day_text(day, lang), lang)


@register.simple_tag(takes_context=True)
def span_label(context: template.Context, start: time, end: time) -> SafeString | str:
    """9時30分〜10時 / 9:30–10:00."""
    lang = context.get("lang", "ja")
    return _readable(date_text.span_text(start, end, lang), lang)


@register.filter
def hm(value: time, lang: str) -> str:
    """A time of day inside a message: 9時30分 / 9:30 (plain, no readings)."""
    return date_text.time_text(value, lang, readings=False)


@register.filter
def day_plain(value: date | None, lang: str) -> str:
    """A day as plain text (inside a message, on a clerk's page): 2027年1月30日（土）; "" for none."""
    return "" if value is None else date_text.day_text(value, lang, readings=False)


@register.filter
def day_with_era(value: date | None, lang: str) -> str:
    """A day with the era beside it, as the register writes a birth date: 1990年（平成2年）4月1日（日）."""
    return "" if value is None else date_text.day_text(value, lang, era="beside", readings=False)


@register.filter
def moment_plain(value: datetime | None, lang: str) -> str:
    """A moment on Tokyo's clock: 2026年11月20日（金） 10時5分."""
    if value is None:
        return ""
    local = value.astimezone(clock.TOKYO) if value.tzinfo else value
    return f"{date_text.day_text(local.date(), lang, readings=False)} {date_text.time_text(local.time(), lang, readings=False)}"


@register.simple_tag(takes_context=True)
def closed_label(context: template.Context, status) -> SafeString | str:
    """A closed day in words with its reasons (休み：年末年始…), never a strike-through."""
    lang = context.get("lang", "ja")
    return _readable(date_text.closed_day_text([r.text.get(lang) for r in status.closed_reasons], lang), lang)
