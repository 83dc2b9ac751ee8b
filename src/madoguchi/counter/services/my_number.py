"""The My Number: changing it (only on a misuse risk), setting it, revealing it.

It is stored encrypted (staff.crypto) with a blind index beside it; it is
shown masked; revealing it needs a role allowed to (staff.access), a stated
reason, and leaves an audit entry. It is never put in an audit detail, a log
line, a URL or an error message.
"""

from __future__ import annotations

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import section
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.errors import RulesInputError
from madoguchi.staff.my_number import mask_my_number, my_number_index, validate_my_number

from ..models import Resident
from .errors import BadInput, NotFound, Refused
from .visits import Applicant, Result, open_procedure, rules_call

MESSAGES = section("counter.my_number")  # texts in counter/services/messages.yaml


def masked(resident: Resident) -> str:
    return mask_my_number(resident.my_number) if resident.my_number else ""


def set_my_number(resident: Resident, number: str) -> None:
    """Validate, encrypt and index (the caller saves and audits)."""
    try:
        valid = validate_my_number(number)
    except RulesInputError as e:
        raise BadInput.from_rules(e) from None
    index = my_number_index(valid)
    if Resident.objects.filter(my_number_index=index).exclude(pk=resident.pk).exists():
        raise BadInput("number_in_use", MESSAGES["number_in_use"])
    resident.my_number = valid
    resident.my_number_index = index


def my_number_change(actor: Actor, card_id: object, applicant: Applicant, *, leaked_and_may_be_misused: bool, new_number: str) -> Result:
    """番号法 7条2項: only where it leaked and may be misused; never on a day the
    calendar closes my-number-change (Saturdays and Sundays); the card lapses."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "my-number-change", applicant)
        outcome = rules_call(lc.my_number_change, work.state, leaked_and_may_be_misused=leaked_and_may_be_misused, today=work.today)
        resident = work.resident
        try:
            new_index = my_number_index(new_number)
        except RulesInputError as e:
            raise BadInput.from_rules(e) from None
        if resident.my_number_index and new_index == resident.my_number_index:
            raise BadInput("same_number", MESSAGES["same_number"])
        set_my_number(resident, new_number)
        resident.save()
        record(actor, "update-my-number", "resident", resident.pk, resident_id=resident.pk, reason="my-number-change")
        return work.finish(outcome)


REASON_MAX_LENGTH = 200  # a sentence; the reason is kept in the audit log for good


def reveal_my_number(actor: Actor, resident_id: object, *, allowed: bool, reason: str) -> str:
    """The plain number, for a role allowed to see it, with a reason; audited.

    A refusal for the role is audited as `denied` (without the reason typed),
    as every other role refusal is. The reason is free text kept in the
    append-only log: it may not hold a My Number (core.inputs)."""
    if not allowed:
        with transaction.atomic():
            record(actor, "denied", "resident", str(resident_id)[:64], resident_id=str(resident_id)[:64],
                   detail={"action": "reveal-my-number"})
        raise Refused("not_allowed", MESSAGES["not_allowed"])
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("reason_missing", MESSAGES["reason_missing"])
    try:
        check_line(reason, max_length=REASON_MAX_LENGTH)
    except FreeTextError as e:
        raise BadInput(e.code, e.text) from None
    with transaction.atomic():
        resident = _resident(resident_id)
        if not resident.my_number:
            raise NotFound("no_number", MESSAGES["no_number"])
        record(actor, "reveal-my-number", "resident", resident.pk, resident_id=resident.pk, reason=reason,
               detail={"at": clock.now().isoformat()})  # fmt: skip
        return resident.my_number


def _resident(resident_id: object) -> Resident:
    try:
        pk = int(str(resident_id))
        if not 0 < pk < 2**63:
            raise ValueError(pk)
        return Resident.objects.get(pk=pk)
    except (ValueError, Resident.DoesNotExist):
        raise NotFound("no_resident", MESSAGES["no_resident"].format(id=resident_id)) from None
