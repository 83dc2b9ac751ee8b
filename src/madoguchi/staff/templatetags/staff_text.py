"""Staff pages show Japanese; a clerk who chose it (StaffProfile.show_english) sees
English beside: `{% both "staff.login.title" %}` renders `ログイン`, or
`ログイン <span lang="en" class="en">Log in</span>`; `{% both "key" plain=True %}`
gives `ログイン` or `ログイン / Log in` for attributes (aria-label, title).
`{% pair ja en %}` and `{% both_text text %}` do the same for a data text
(a procedure's name, a document's label) and a service's refusal."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from madoguchi.core.messages import halves
from madoguchi.web.messages import english_beside
from madoguchi.web.messages import pair as pair_plain

register = template.Library()


@register.simple_tag
def both(key: str, plain: bool = False, **fmt: object) -> str:
    return pair(*halves(key, **fmt), plain=plain)


@register.simple_tag
def pair(ja: str, en: str, plain: bool = False) -> str:
    if plain:
        return pair_plain(ja, en)
    if not english_beside() or not en or en == ja:
        return ja  # escaped by the template, as any simple tag's string
    return format_html('{} <span lang="en" class="en">{}</span>', ja, en)


@register.simple_tag
def both_text(text, plain: bool = False) -> str:
    """A Text (ja, en, easy) or anything with message_ja and message_en, as `both` shows a message."""
    if text is None:
        return ""
    ja = getattr(text, "ja", None) or getattr(text, "message_ja", "")
    en = getattr(text, "en", None) or getattr(text, "message_en", "")
    return pair(ja, en, plain=plain)


@register.simple_tag(takes_context=True)
def staff_menu(context: template.Context) -> list[dict]:
    """The staff menu for the signed-in user: only what they may open and what this process serves."""
    from django.urls import Resolver404, resolve, reverse

    from madoguchi.staff.access import staff_profile
    from madoguchi.core.roles import AUDIT_READERS

    request = context.get("request")
    profile = staff_profile(getattr(request, "user", None))
    if profile is None:
        return []
    items = [("staff.nav.home", reverse("staff:home"))]
    for key, url in (("staff.nav.bookings", "/staff/bookings/"), ("staff.nav.notices", "/staff/notices/"),
                     ("queue.nav.call", "/staff/queue/"), ("forecast.nav", "/staff/forecast/")):
        try:
            resolve(url)
            items.append((key, url))
        except Resolver404:
            pass
    if profile.role in AUDIT_READERS:
        items.append(("staff.nav.audit", reverse("staff:audit")))
    return [{"key": key, "url": url, "current": request.path == url} for key, url in items]


@register.filter
def detail_text(detail: dict) -> str:
    """An audit entry's detail as `key: value` pairs, for reading rather than parsing."""
    import json

    if not detail:
        return ""
    return ", ".join(f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for k, v in sorted(detail.items()))
