"""Renewing the certificates and issuing a signature certificate."""

from __future__ import annotations

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.core.city import municipality

from .visits import Applicant, Result, open_procedure, rules_call


def certificate_renewal(actor: Actor, card_id: object, applicant: Applicant, *, with_signature: bool = True) -> Result:
    with transaction.atomic():
        work = open_procedure(actor, card_id, "certificate-renewal", applicant)
        outcome = rules_call(
            lc.certificate_renewal, work.state, work.holder, municipality().validity, load_lifecycle_rules(),
            today=work.today, with_signature=with_signature,
        )  # fmt: skip
        return work.finish(outcome)


def signature_certificate_issue(actor: Actor, card_id: object, applicant: Applicant) -> Result:
    with transaction.atomic():
        work = open_procedure(actor, card_id, "signature-certificate-issue", applicant)
        return work.finish(rules_call(lc.signature_certificate_issue, work.state, work.holder, municipality().validity, today=work.today))
