"""Taking a card back (返納) and marking a card expired."""

from __future__ import annotations

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.rules import lifecycle as lc
from madoguchi.core.city import municipality

from ..models import Card, ReturnedCard
from .visits import Applicant, Result, open_procedure, open_record, rules_call


def card_return(actor: Actor, card_id: object, applicant: Applicant, *, reason: str) -> Result:
    """Into the returned-card register, with one of the catalog's reasons."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "card-return", applicant)
        procedure = municipality().catalog.get("card-return")
        outcome = rules_call(lc.card_return, work.state, procedure, reason=reason, today=work.today)
        work.detail["reason"] = reason
        result = work.finish(outcome)
        ReturnedCard.objects.create(
            card=work.card, resident=work.resident, reason=reason, received_at=work.now, clerk=actor.name, case=result.case
        )
        return result


def expire_card(actor: Actor, card_id: object) -> Result:
    with transaction.atomic():
        work = open_record(actor, card_id, "expire")
        return work.finish(rules_call(lc.expire, work.state, today=work.today))


def expire_due_cards(actor: Actor, *, batch: int = 500) -> int:
    """Every usable card past its last day becomes expired (run daily); returns how many."""
    today = clock.today()
    count = 0
    while True:
        ids = list(Card.objects.filter(status__in=("active", "suspended"), expires__lt=today).values_list("pk", flat=True)[:batch])
        if not ids:
            return count
        for pk in ids:
            expire_card(actor, pk)
            count += 1
