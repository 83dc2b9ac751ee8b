"""Template tags of the guide: messages and data texts with furigana on easy pages.

`{% msg "key" %}` is `{% t %}` plus furigana; `{{ text|say:lang }}` is `|tr`
plus furigana; `{% day d %}` is a date in the page's language.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from madoguchi.core.date_text import closed_day_text, day_text, hours_text, letter_era
from madoguchi.core.furigana import plain
from madoguchi.rules.text import Text
from madoguchi.web.messages import message
from madoguchi.web.templatetags.madoguchi import flat, msg, render_text, say, t, tr

register = template.Library()
# The site-wide text tags, loaded here too for the guide's templates.
register.simple_tag(msg, takes_context=True)
register.simple_tag(t, takes_context=True)
register.filter("say", say)
register.filter("tr", tr)
register.filter("flat", flat)


@register.simple_tag(takes_context=True)
def hours(context: template.Context, status) -> SafeString | str:
    """A day's counter hours, 8時30分〜17時 (and a second interval after 、)."""
    lang = _lang(context)
    return render_text("、".join(hours_text(h.start, h.end, lang) for h in status.hours), lang)


@register.simple_tag(takes_context=True)
def closed_reasons(context: template.Context, status) -> SafeString | str:
    """Why a day is closed, every reason in words, one after another (never run together)."""
    lang = _lang(context)
    return render_text(closed_day_text([r.text.get(lang) for r in status.closed_reasons], lang), lang)


@register.simple_tag(takes_context=True)
def day(context: template.Context, d: date, era: str = "none") -> SafeString | str:
    """The day as core/date_text.py writes it, with furigana on easy pages; `era="letter"` as letters do."""
    lang = _lang(context)
    return render_text(day_text(d, lang, era=letter_era() if era == "letter" else "none"), lang)


@register.filter
def say_str(value: str, lang: str) -> SafeString | str:
    """A plain string already in the page's language (e.g. an option label)."""
    return render_text(value, lang)


def _lang(context: template.Context) -> str:
    return context.get("lang", "ja")


@register.simple_tag(takes_context=True)
def guide_note(context: template.Context, note) -> SafeString | str:
    return render_text(message(note.key, _lang(context), **note.params), _lang(context))


@register.simple_tag(takes_context=True)
def bring_heading(context: template.Context, applicant) -> SafeString | str:
    lang = _lang(context)
    return render_text(message("guide.outcome.bring", lang, who=applicant.name.get(lang)), lang)


@register.simple_tag(takes_context=True)
def not_allowed(context: template.Context, applicant) -> SafeString | str:
    lang = _lang(context)
    return render_text(message("guide.outcome.not_allowed", lang, who=applicant.name.get(lang)), lang)


@register.simple_tag(takes_context=True)
def applicant_name(context: template.Context, applicant_id: str) -> SafeString | str:
    lang = _lang(context)
    return render_text(context["applicants"][applicant_id].name.get(lang), lang)


@register.simple_tag(takes_context=True)
def day_msg(context: template.Context, key: str, d: date, era: str = "none") -> SafeString | str:
    lang = _lang(context)
    return render_text(message(key, lang, date=day_text(d, lang, era=letter_era() if era == "letter" else "none")), lang)


@register.simple_tag(takes_context=True)
def follow_up_link(context: template.Context, follow_up) -> SafeString:
    from django.urls import reverse
    from django.utils.safestring import mark_safe

    lang = _lang(context)
    url = reverse("guide:procedure", kwargs={"lang": lang, "procedure_id": follow_up.procedure})
    name = context["catalog"].get(follow_up.procedure).name.get(lang)
    condition = f"（{follow_up.condition.label.get(lang)}）" if follow_up.condition and lang != "en" else (
        f" ({follow_up.condition.label.get(lang)})" if follow_up.condition else ""
    )
    return mark_safe(
        f'<a href="{escape(url)}">{render_text(name, lang)}</a>{render_text(condition, lang)}: '
        f"{render_text(follow_up.text.get(lang), lang)}"
    )


@register.simple_tag(takes_context=True)
def month_caption(context: template.Context, month, procedure) -> SafeString | str:
    lang = _lang(context)
    month_name = message(f"date.month.{month.month}", "en")  # the catalog's, not the process locale's
    text = message(
        "guide.cal.caption", lang, year=month.year, month=month.month, month_name=month_name,
        procedure=procedure.name.get(lang),
    )
    return render_text(text, lang)
