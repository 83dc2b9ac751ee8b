"""Delivering mail notices: each claimed by one sender, sent once, its state kept.

A sender claims a notice with a conditional update (pending → sending), sends,
then marks it sent. Two senders never send the same notice. A crash between
sending and marking leaves it in `sending`: it is not sent again automatically
(it may have gone out); the staff screen lists it for a clerk to check.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record

from ..models import Notice
from madoguchi.web.messages import message

from .content import content_of

log = logging.getLogger(__name__)


def mail_text(notice: Notice) -> tuple[str, str]:
    """The mail, in the notice's language, with the same words as its letter."""
    c = content_of(notice)
    lang = c.lang

    def say(key: str, **fmt: object) -> str:
        return message(f"notices.letter.{key}", lang, **fmt)

    lines = [say("to", name=notice.name), "", *c.body, "", c.deadline_label]
    if notice.subject_type == "pickup":
        lines.append(say("notice_number", number=notice.subject_id))
    if c.bring:
        lines += ["", f"{say('bring')}:", *(f"・{b}" for b in c.bring)]
    if c.booking_url:
        lines += ["", f"{say('book')}:", c.booking_url]
    lines += ["", say("place", office=c.office), say("contact", contact=c.contact)]
    return c.subject, "\n".join(lines)


def deliver(subject: str, body: str, to: str) -> str | None:
    """Send one plain-text mail from the city's address: None when the server took it,
    else the name of the failure (never the address, which is personal data).
    The one way the system sends mail: notices here, the queue's "your turn is near"."""
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    except OSError as e:  # SMTP refused or unreachable
        return type(e).__name__
    return None


def send_pending_mail(up_to: date) -> tuple[int, int]:
    """Send every pending mail notice made on or before `up_to`; returns (sent, failed)."""
    sent = failed = 0
    ids = list(
        Notice.objects.filter(channel="mail", state=Notice.State.PENDING, due_on__lte=up_to).values_list("id", flat=True)
    )
    for notice_id in ids:
        claimed = Notice.objects.filter(id=notice_id, state=Notice.State.PENDING).update(
            state=Notice.State.SENDING, claimed_at=clock.now(), attempts=F("attempts") + 1
        )
        if not claimed:
            continue  # another sender has it
        notice = Notice.objects.get(id=notice_id)
        subject, body = mail_text(notice)
        error = deliver(subject, body, notice.email)
        if error is not None:  # say why without the address
            Notice.objects.filter(id=notice_id).update(state=Notice.State.FAILED, last_error=error)
            log.warning("notice %s: mail failed: %s", notice_id, error)
            failed += 1
            continue
        Notice.objects.filter(id=notice_id).update(state=Notice.State.SENT, done_at=clock.now())
        record(Actor.system(), "send", "notice", notice_id, resident_id=notice.resident_ref, reason="notice mail")
        sent += 1
    return sent, failed
