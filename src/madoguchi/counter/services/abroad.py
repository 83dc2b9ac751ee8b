"""Moving abroad with the card and back (国外継続利用 / 国内継続利用, since 2024-05-27)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.core.city import municipality
from madoguchi.rules import lifecycle as lc

from .visits import Applicant, Result, open_procedure, rules_call


def card_keep_abroad(actor: Actor, card_id: object, applicant: Applicant, *, departure: date) -> Result:
    """By the day before departure, with the 国外転出届; the card is kept abroad."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "card-keep-abroad", applicant)
        outcome = rules_call(
            lc.card_keep_abroad, work.state, work.holder, municipality().validity,
            departure=departure, with_certificates=applicant.with_certificates, today=work.today,
        )  # fmt: skip
        work.detail["departure"] = str(departure)
        return work.finish(outcome)


def card_keep_domestic(actor: Actor, card_id: object, applicant: Applicant) -> Result:
    """Back in Japan: the kept card is in use again (not a new card)."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "card-keep-domestic", applicant)
        return work.finish(rules_call(lc.card_keep_domestic, work.state, today=work.today))
