"""The resident's mail about their booking: made, changed, cancelled, its link
sent again, and a waiting-list place joined or left.

Each is a Notice queued in the same transaction as the change it tells of
(notices.services.mail.queue_mail), under a unique key, so it is sent exactly
once and only if the change was kept; a mail server that is down delays the
mail (the next sender run retries) and never the booking. The words are
made when the mail is sent (`compose`), from the booking as it is then, in the
language the resident used; the manage link comes from the booking's link
seed (tokens.link_token), so the database never holds a usable link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from madoguchi.audit.services import Actor, record
from madoguchi.core.city import municipality
from madoguchi.core.date_text import time_text
from madoguchi.core.furigana import bracketed, plain
from madoguchi.notices.models import Notice
from madoguchi.notices.services.content import format_date, inquiries_contact, language_of, office_line, what_to_bring
from madoguchi.notices.services.mail import Mail, queue_mail
from madoguchi.web.messages import message

from ..calendar import booking_calendar
from ..models import Booking, WaitingEntry
from .tokens import link_token, new_link, token_hash

MADE = "booking-made"
CHANGED = "booking-changed"
CANCELLED = "booking-cancelled"
LINK = "booking-link"
WAITING_JOINED = "waiting-joined"
WAITING_LEFT = "waiting-left"
BOOKING_KINDS = (MADE, CHANGED, CANCELLED, LINK)
WAITING_KINDS = (WAITING_JOINED, WAITING_LEFT)
KINDS = BOOKING_KINDS + WAITING_KINDS
# Told once in a booking's life; the others each time they happen.
ONCE = (MADE, CANCELLED, WAITING_JOINED, WAITING_LEFT)


def _subject(obj: Booking | WaitingEntry) -> str:
    return "booking" if isinstance(obj, Booking) else "waiting-entry"


def tell(kind: str, obj: Booking | WaitingEntry) -> Notice | None:
    """Queue the mail of `kind` about a booking or waiting-list place. Call inside the change's transaction."""
    if not obj.email:
        return None  # a resident who gave only a phone number gets no mail
    subject = _subject(obj)
    if kind in ONCE:
        key = f"{kind}:{subject}:{obj.pk}:mail"
    else:
        n = Notice.objects.filter(kind=kind, subject_type=subject, subject_id=str(obj.pk)).count() + 1
        key = f"{kind}:{subject}:{obj.pk}:{n}:mail"
    return queue_mail(
        key=key, kind=kind, subject_type=subject, subject_id=obj.pk, deadline=obj.slot.date,
        name=obj.name, email=obj.email, language=obj.language, procedure=obj.procedure_id,
    )


def manage_url(obj: Booking | WaitingEntry, lang: str) -> str:
    """The absolute secret link, made again from the seed (a new one if the
    row has none, or the SECRET_KEY changed since: the old link then stops)."""
    token = link_token(obj.link_seed) if obj.link_seed else ""
    if not token or token_hash(token) != obj.token_hash:
        seed, token = new_link()
        with transaction.atomic():
            # A booking made from the waiting list shares its place's link: both move on.
            for model in (Booking, WaitingEntry):
                model.objects.filter(token_hash=obj.token_hash).update(token_hash=token_hash(token), link_seed=seed)
            record(Actor.system(), "update", _subject(obj), obj.pk, reason="secret link made again for a mail")
        obj.token_hash, obj.link_seed = token_hash(token), seed
    base = settings.MADOGUCHI_PUBLIC_URL.rstrip("/")
    return base + reverse("booking:manage", kwargs={"lang": lang, "token": token})


def _plain_text(text: str, lang: str) -> str:
    """A mail has no <ruby>: やさしい日本語's readings go in brackets after the word."""
    return bracketed(text) if lang == "easy" else text


def _when(obj: Booking | WaitingEntry, lang: str) -> str:
    slot = obj.slot
    return message("booking.mail.when", lang, day=format_date(slot.date, lang),
                   start=time_text(slot.start, lang, readings=False), end=time_text(slot.end, lang, readings=False))


def compose(notice: Notice) -> Mail:
    """The mail of a notice queued by `tell`, worded now in the resident's language."""
    lang = language_of(notice)
    model = Booking if notice.subject_type == "booking" else WaitingEntry
    obj = model.objects.select_related("slot").get(pk=int(notice.subject_id))
    m = municipality()
    procedure = m.catalog.get(obj.procedure_id)

    def say(key: str, **fmt: object) -> str:
        return _plain_text(message(f"booking.mail.{key}", lang, **fmt), lang)

    def label(key: str) -> str:
        return _plain_text(message(f"booking.manage.{key}", lang), lang)

    reference = obj.reference if isinstance(obj, Booking) else ""
    lines = [message("notices.letter.to", lang, name=obj.name), "", say(f"intro.{notice.kind}"), ""]
    if reference:
        lines.append(f"{label('reference')}: {reference}")
    lines += [
        f"{label('procedure')}: {_plain_text(procedure.name.get(lang), lang)}",
        f"{label('when')}: {_when(obj, lang)}",
        f"{label('where')}: {_plain_text(office_line(obj.slot.office_id, lang), lang)}",
        f"{label('party')}: {obj.party_size}",
    ]
    if isinstance(obj, WaitingEntry) and notice.kind == WAITING_JOINED:
        lines += ["", say("waiting_note")]
    active = obj.status in (Booking.Status.CONFIRMED, WaitingEntry.Status.WAITING)
    if active:
        bring = what_to_bring(obj.procedure_id, lang)
        if bring:
            lines += ["", f"{_plain_text(message('notices.letter.bring', lang), lang)}:", *(f"・{_plain_text(b, lang)}" for b in bring)]
        lines += ["", say("manage" if isinstance(obj, Booking) else "manage_waiting"), manage_url(obj, lang)]
    else:
        base = settings.MADOGUCHI_PUBLIC_URL.rstrip("/")
        lines += ["", say("book_again"), base + reverse("booking:procedure", kwargs={"lang": lang, "procedure_id": obj.procedure_id})]
    attachments = []
    if isinstance(obj, Booking):
        attachments.append((f"booking-{reference}.ics", booking_calendar(obj, lang), "text/calendar"))
        lines += ["", say("ics_attached" if obj.status != Booking.Status.CANCELLED else "ics_cancelled")]
    lines += ["", _plain_text(message("notices.letter.contact", lang, contact=inquiries_contact(lang)), lang), "", say("no_reply")]
    subject = plain(message(f"booking.mail.subject.{notice.kind}", lang, city=m.city.name.get(lang), reference=reference))  # a subject holds no readings
    return Mail(subject, "\n".join(lines), attachments)
