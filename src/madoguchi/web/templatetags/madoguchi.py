"""Template tags of every page: messages and data texts in the page's language.

`{% msg "key" %}` and `{{ text|say:lang }}` are for a page's content: on an
easy page a kanji's inline reading (`市役所《しやくしょ》`) becomes <ruby>, and a
data text not yet translated into the page's language (中文) is shown in
Japanese marked `lang="ja"`. `{% t "key" %}` and `{{ text|tr:lang }}` give
flat text for attributes, titles and anything that cannot hold markup (on
an easy page a kanji is given as its reading there).
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from madoguchi.core.furigana import kana, plain, ruby_html
from madoguchi.rules.text import Text

from ..languages import HTML_LANG
from ..messages import message

register = template.Library()


def render_text(value: str, lang: str) -> SafeString:
    """A text of the page's language as HTML: ruby on easy pages, plain elsewhere."""
    return ruby_html(value) if lang == "easy" else mark_safe(escape(plain(value)))


def flat_text(value: str, lang: str) -> str:
    """A text where no markup can go: an easy page gives a kanji's reading (しやくしょ), others drop the marks."""
    return kana(value) if lang == "easy" else plain(value)


@register.simple_tag(takes_context=True)
def t(context: template.Context, key: str, **fmt: object) -> str:
    lang = context.get("lang", "ja")
    return flat_text(message(key, lang, **fmt), lang)


@register.filter
def tr(text: Text | None, lang: str) -> str:
    return "" if text is None else flat_text(text.get(lang), lang)


@register.simple_tag(takes_context=True)
def msg(context: template.Context, key: str, **fmt: object) -> SafeString:
    lang = context.get("lang", "ja")
    return render_text(message(key, lang, **fmt), lang)


@register.filter
def say(text: Text | None, lang: str) -> SafeString | str:
    if text is None:
        return ""
    shown = text.shown_in(lang)
    if shown != lang and HTML_LANG.get(shown) != HTML_LANG.get(lang):
        # Not yet translated: the Japanese, marked so a screen reader reads it as Japanese.
        return mark_safe(f'<span lang="{HTML_LANG[shown]}">{render_text(text.get(lang), shown)}</span>')
    return render_text(text.get(lang), lang)


@register.filter
def yen(amount: int) -> str:
    return f"{amount:,}"


@register.simple_tag(takes_context=True)
def day_label(context: template.Context, day: date) -> str:
    lang = context.get("lang", "ja")
    weekday = plain(message(f"weekday.{day.weekday()}", lang))
    if lang == "en":
        return f"{weekday} {day.day} {day.strftime('%b')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日（{weekday}）"


@register.filter
def flat(value: str, lang: str) -> str:
    """A string already in the page's language, where no markup can go (a title)."""
    return flat_text(value, lang)
