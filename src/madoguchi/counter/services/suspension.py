"""Suspending a lost card, a found card reported, lifting a suspension."""

from __future__ import annotations

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.rules import lifecycle as lc

from .visits import Applicant, Result, open_procedure, open_record, rules_call


def suspend_lost_card(actor: Actor, card_id: object, applicant: Applicant) -> Result:
    """From a 24-hour line's record (channel "phone") or at the counter; revokes 署名用."""
    with transaction.atomic():
        # The catalog lists the phone line; the counter also records one (issue 5),
        # so the channel is checked by the rule, not against the catalog.
        work = open_procedure(actor, card_id, "suspend-lost-card", applicant, check_channel=False)
        return work.finish(rules_call(lc.suspend_lost_card, work.state, channel=applicant.channel, today=work.today))


def report_found(actor: Actor, card_id: object) -> Result:
    with transaction.atomic():
        work = open_record(actor, card_id, "report-found")
        return work.finish(rules_call(lc.report_found, work.state, today=work.today))


def lift_suspension(actor: Actor, card_id: object, applicant: Applicant) -> Result:
    """Counter only, card and ID; a card replaced or cancelled is not revived."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "lift-suspension", applicant)
        return work.finish(rules_call(lc.lift_suspension, work.state, today=work.today))
