"""Template tags: `{% t "key" %}` for a UI string, `{{ text|tr:lang }}` for data texts."""

from __future__ import annotations

from datetime import date

from django import template

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


@register.simple_tag(takes_context=True)
def day_label(context: template.Context, day: date) -> str:
    lang = context.get("lang", "ja")
    weekday = message(f"weekday.{day.weekday()}", lang)
    if lang == "en":
        return f"{weekday} {day.day} {day.strftime('%b')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日（{weekday}）"
