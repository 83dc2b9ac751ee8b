"""Template tags of every page: messages and data texts in the page's language.

`{% msg "key" %}` and `{{ text|say:lang }}` are for a page's content: on an
easy page a kanji's inline reading (`市役所《しやくしょ》`) becomes <ruby>, and a
data text not yet translated into the page's language (中文) is shown in
Japanese marked `lang="ja"`. `{% t "key" %}` and `{{ text|tr:lang }}` give
flat text for attributes, titles and anything that cannot hold markup (on
an easy page a kanji is given as its reading there).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from madoguchi.core import clock, date_text

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


@register.filter
def part(text: Text | None, lang: str) -> str:
    """A data text in `lang` with its reading marks kept, to go into a `{% msg %}`,
    which renders the whole message (an easy page: readings as <ruby>). `tr` would
    turn the readings into kana first."""
    return "" if text is None else text.get(lang)


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


def _readable(text: str, lang: str) -> SafeString | str:
    """Easy pages show the readings as <ruby>; others the plain text."""
    return ruby_html(text) if lang == "easy" else text


@register.simple_tag(takes_context=True)
def day_label(context: template.Context, day: date) -> SafeString | str:
    """2027年1月30日（土） / Saturday 30 January 2027 / with readings on easy pages (core/date_text.py)."""
    lang = context.get("lang", "ja")
    return _readable(date_text.day_text(day, lang), lang)


@register.simple_tag(takes_context=True)
def month_day_label(context: template.Context, day: date, key: str = "") -> SafeString | str:
    """11月30日 / 30 November / with its reading on easy pages: a table column whose year is said above;
    `key` a message around it as {day} (11月30日から / 30 November onwards)."""
    lang = context.get("lang", "ja")
    text = date_text.month_day_text(day, lang)
    return _readable(message(key, lang, day=text) if key else text, lang)


@register.simple_tag(takes_context=True)
def span_label(context: template.Context, start: time, end: time) -> SafeString | str:
    """9時30分〜10時 / 9:30–10:00."""
    lang = context.get("lang", "ja")
    return _readable(date_text.span_text(start, end, lang), lang)


@register.simple_tag(takes_context=True)
def clock_span(context: template.Context, start: time, end: time) -> str:
    """09:00〜10:00: a span on a clerk's page (core/date_text.py clock_span_text)."""
    return date_text.clock_span_text(start, end, context.get("lang", "ja"))


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


@register.filter
def flat(value: str, lang: str) -> str:
    """A string already in the page's language, where no markup can go (a title)."""
    return flat_text(value, lang)
