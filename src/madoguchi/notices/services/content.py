"""What a notice says: its wording, what to bring, and a pre-filled booking link.

The booking link carries a signed token (never personal data) that names the
notice and expires; the booking page reads it to pre-fill the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing

from madoguchi.core.city import municipality_on
from madoguchi.rules.insurance import insurance_usable_until
from madoguchi.rules.text import LANGUAGES

from ..models import Notice

LINK_SALT = "madoguchi.notices.booking-link"


def booking_token(notice: Notice) -> str:
    return signing.dumps({"n": notice.id, "p": notice.procedure}, salt=LINK_SALT, compress=True)


def read_booking_token(token: str) -> dict | None:
    """The notice a link was made for, or None when the link is forged or expired."""
    max_age = getattr(settings, "MADOGUCHI_NOTICE_LINK_DAYS", 120) * 86400
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None


def booking_url(notice: Notice) -> str | None:
    if not notice.procedure:
        return None
    base = getattr(settings, "MADOGUCHI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/{language_of(notice)}/book/{notice.procedure}/?notice={booking_token(notice)}"


def language_of(notice: Notice) -> str:
    return notice.language if notice.language in LANGUAGES else "ja"


@dataclass(frozen=True)
class NoticeContent:
    lang: str
    subject: str
    body: list[str]
    deadline_label: str
    bring: list[str]
    booking_url: str | None
    office: str
    contact: str


def format_date(day: date, lang: str) -> str:
    if lang == "en":
        return day.strftime("%-d %B %Y")
    return f"{day.year}年{day.month}月{day.day}日"


def content_of(notice: Notice) -> NoticeContent:
    m = municipality_on(notice.due_on)  # the law of the day it was made for
    kind = m.notices[notice.kind]
    lang = language_of(notice)
    bring: list[str] = []
    if notice.procedure:
        procedure = m.catalog.get(notice.procedure)
        bring = [r.label.get(lang) for r in procedure.applicants.get("self", ())]
    office = m.city.office()
    inquiries = m.city.contacts_for("inquiries")
    contact = ""
    if inquiries:
        c = inquiries[0]
        contact = " ".join(x for x in (c.label.get(lang), c.phone and f"TEL {c.phone}", c.mail) if x)
    body = [b.get(lang) for b in kind.body]
    until = insurance_usable_until(m, notice.deadline) if kind.insurance_after_expiry else None
    if until is not None:  # マイナ保険証: the deadline is the expiry
        body.append(kind.insurance_after_expiry.get(lang).format(until=format_date(until, lang)))
    return NoticeContent(
        lang=lang,
        subject=kind.subject.get(lang),
        body=body,
        deadline_label=f"{kind.deadline_label.get(lang)}: {format_date(notice.deadline, lang)}",
        bring=bring,
        booking_url=booking_url(notice),
        office=f"{office.name.get(lang)}（{office.address.get(lang)}）",
        contact=contact,
    )
