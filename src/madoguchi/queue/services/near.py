"""Telling a resident by mail that their turn is near, once, when `mail_when_ahead`
(queue.yaml, default 3) or fewer are ahead of them.

After every call, recall, skip, done or transfer, and when an address is given (at
commit: `after_commit`), the waiting
tickets that gave a mail address and were not told yet are looked at; each one now
near is claimed by a guarded UPDATE (near_told_at from empty to now), so two
processes never both send it, then mailed through the notices' one mail path in the
ticket's language. A ticket near already when it is issued is not mailed: the
resident is at reception and has just been told the line on the ticket.
A failed send is logged by its kind and audited; it is not tried again (the
phone page still shows the line).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from madoguchi.audit.services import Actor, record
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.notices.services.mail import deliver
from madoguchi.web.messages import message

from ..models import Ticket
from .board import office_state
from .common import queue_data

log = logging.getLogger(__name__)


def pending(office: str):
    """Today's waiting tickets of the office with an address and no mail yet."""
    return Ticket.objects.filter(office_id=office, day=clock.today(), state=Ticket.State.WAITING,
                                 near_told_at__isnull=True).exclude(email="")


def after_commit(office: str) -> None:
    """Look for tickets to tell once the calling transaction has committed (the services
    that move the line call this inside it: calls.*, tickets.set_email)."""
    transaction.on_commit(lambda: tell_near(office))


def tell_near(office: str) -> int:
    """Mail every pending ticket now near its turn; returns how many were sent."""
    if not pending(office).exists():  # the usual case: one cheap query per change
        return 0
    near = queue_data().mail_when_ahead
    places = office_state(office).places
    sent = 0
    for ticket in pending(office):
        place = places.get(ticket.pk)
        if place is None or place.ahead > near:
            continue
        detail = {"number": ticket.label, "ahead": place.ahead, "lang": ticket.lang}
        with transaction.atomic():
            if not Ticket.objects.filter(pk=ticket.pk, near_told_at__isnull=True).update(near_told_at=clock.now()):
                continue  # another process has it
            record(Actor.system(), "mail-near", "queue-ticket", ticket.pk, reason="the resident asked to be told by mail",
                   detail=detail)
        subject, body = mail_text(ticket, place.ahead)
        error = deliver(subject, body, ticket.email)
        if error:
            log.warning("queue ticket %s: near-turn mail failed: %s", ticket.pk, error)
            with transaction.atomic():
                record(Actor.system(), "mail-near-failed", "queue-ticket", ticket.pk, detail={**detail, "error": error})
        else:
            sent += 1
    return sent


def mail_text(ticket: Ticket, ahead: int) -> tuple[str, str]:
    """The mail in the ticket's language: its number, how many are ahead, the phone page."""
    lang = ticket.lang
    base = getattr(settings, "MADOGUCHI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    url = base + reverse("queue:ticket", kwargs={"lang": lang, "token": ticket.token})
    city = municipality().city
    office = city.office(ticket.office_id).name.get(lang)
    subject = message("queue.mail.subject", lang, number=ticket.label, city=city.name.get(lang))
    body = "\n".join([message("queue.mail.body", lang, number=ticket.label, ahead=ahead, office=office), "",
                      message("queue.mail.follow", lang), url, "", message("queue.mail.footer", lang)])
    return subject, body
