"""Wrong PIN entries and resetting a PIN."""

from __future__ import annotations

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.rules import lifecycle as lc
from madoguchi.core.city import municipality

from .visits import Applicant, Result, open_procedure, open_record, rules_call


def record_pin_entry(actor: Actor, card_id: object, *, pin: str, correct: bool) -> Result:
    """A PIN typed at the counter's terminal; it locks at the PIN's limit."""
    with transaction.atomic():
        work = open_record(actor, card_id, "record-pin-failure" if not correct else "record-pin-success")
        m = municipality()
        counting = str(m.settings.get("pin_failure_counting", "consecutive"))
        work.detail["pin"] = pin
        return work.finish(rules_call(lc.pin_entry, work.state, m.pins, pin=pin, correct=correct, counting=counting, today=work.today))


def pin_reset(actor: Actor, card_id: object, applicant: Applicant, *, pin: str) -> Result:
    with transaction.atomic():
        work = open_procedure(actor, card_id, "pin-reset", applicant)
        work.detail["pin"] = pin
        return work.finish(rules_call(lc.pin_reset, work.state, municipality().pins, pin=pin, today=work.today))
