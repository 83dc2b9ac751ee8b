"""What a notice says: its wording, what to bring, and a pre-filled booking link.

The booking link carries a signed token (never personal data) that names the
notice and expires; the booking page reads it to pre-fill the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing

from madoguchi.core.date_text import day_text, letter_era
from madoguchi.core.city import municipality, municipality_on
from madoguchi.core.furigana import bracketed, plain
from madoguchi.rules.insurance import insurance_usable_until
from madoguchi.rules.municipality import Municipality
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


def format_date(day: date, lang: str, *, letter: bool = False) -> str:
    """A day in a notice (core/date_text.py); a printed letter's own date line
    (`letter`) carries the era as MADOGUCHI_LETTER_ERA says."""
    return day_text(day, lang, era=letter_era() if letter else "none", readings=False)


def what_to_bring(procedure_id: str, lang: str, m: Municipality | None = None) -> list[str]:
    """What a resident coming for themselves brings for a procedure (every notice and mail says the same),
    by the law of `m` (today's when not given)."""
    procedure = (m or municipality()).catalog.get(procedure_id)
    return [r.label.get(lang) for r in procedure.applicants.get("self", ())]


def inquiries_contact(lang: str) -> str:
    """The city's desk for questions, as one line: name, phone, mail."""
    inquiries = municipality().city.contacts_for("inquiries")
    if not inquiries:
        return ""
    c = inquiries[0]
    return " ".join(x for x in (c.label.get(lang), c.phone and f"TEL {c.phone}", c.mail) if x)


def office_line(office_id: str | None, lang: str) -> str:
    office = municipality().city.office(office_id)
    if lang == "en":
        return f"{office.name.get(lang)} ({office.address.get(lang)})"
    return f"{office.name.get(lang)}（{office.address.get(lang)}）"


def content_of(notice: Notice) -> NoticeContent:
    m = municipality_on(notice.due_on)  # the law of the day it was made for
    kind = m.notices[notice.kind]
    lang = language_of(notice)
    bring = what_to_bring(notice.procedure, lang, m) if notice.procedure else []
    contact = inquiries_contact(lang)
    body = [b.get(lang) for b in kind.body]
    until = insurance_usable_until(m, notice.deadline) if kind.insurance_after_expiry else None
    if until is not None:  # マイナ保険証: the deadline is the expiry
        body.append(kind.insurance_after_expiry.get(lang).format(until=format_date(until, lang)))
    # A letter (PDF) and a mail cannot hold <ruby>: an easy text's readings go in brackets, a subject drops them.
    return NoticeContent(
        lang=lang,
        subject=plain(kind.subject.get(lang)),
        body=[bracketed(b) for b in body],
        deadline_label=bracketed(f"{kind.deadline_label.get(lang)}: {format_date(notice.deadline, lang)}"),
        bring=[bracketed(b) for b in bring],
        booking_url=booking_url(notice),
        office=bracketed(office_line(None, lang)),
        contact=bracketed(contact),
    )
