"""Staff pages show Japanese first with English beside: `{% both "staff.login.title" %}`
renders `ログイン <span lang="en" class="en">Log in</span>`; `{% both "key" plain=True %}`
gives `ログイン / Log in` for attributes (aria-label, title)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from madoguchi.web.messages import both as both_plain
from madoguchi.web.messages import message

register = template.Library()


@register.simple_tag
def both(key: str, plain: bool = False, **fmt: object) -> str:
    if plain:
        return both_plain(key, **fmt)
    return format_html('{} <span lang="en" class="en">{}</span>', message(key, "ja", **fmt), message(key, "en", **fmt))


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
                     ("queue.nav.call", "/staff/queue/")):
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
