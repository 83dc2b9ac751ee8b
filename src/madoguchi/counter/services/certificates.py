"""Renewing the certificates and issuing a signature certificate."""

from __future__ import annotations

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.web.municipality import municipality

from .visits import Applicant, Result, open_procedure, rules_call


def renew_certificates(actor: Actor, card_id: object, applicant: Applicant, *, with_signature: bool = True) -> Result:
    with transaction.atomic():
        work = open_procedure(actor, card_id, "renew-certificates", applicant)
        outcome = rules_call(
            lc.renew_certificates, work.state, work.holder, municipality().validity, load_lifecycle_rules(),
            today=work.today, with_signature=with_signature,
        )  # fmt: skip
        return work.finish(outcome)


def issue_signature_certificate(actor: Actor, card_id: object, applicant: Applicant) -> Result:
    with transaction.atomic():
        work = open_procedure(actor, card_id, "issue-signature-certificate", applicant)
        return work.finish(rules_call(lc.issue_signature_certificate, work.state, work.holder, municipality().validity, today=work.today))
