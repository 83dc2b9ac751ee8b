"""Changes of the card's information (券面記載事項): address, name ... and the period of stay."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from madoguchi.audit.services import Actor
from madoguchi.core.messages import section
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.rules.text import Text
from madoguchi.core.city import municipality

from .errors import BadInput
from .visits import Applicant, Result, open_procedure, rules_call

MESSAGES = section("counter.card_info")  # texts in counter/services/messages.yaml
# Resident fields each change writes (the register's new value).
FIELDS = {"address": ("address",), "name": ("family_name", "given_name", "family_name_kana", "given_name_kana")}
NEW_VALUE_FIELDS = tuple(f for fields in FIELDS.values() for f in fields)


def card_info_change(actor: Actor, card_id: object, applicant: Applicant, *, change: str, new_values: dict[str, str]) -> Result:
    """An entry in the notes field; an address or name change revokes 署名用."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "card-info-change", applicant)
        _check_pins_usable(work, applicant)
        outcome = rules_call(lc.card_info_change, work.state, change=change, today=work.today)
        for field in FIELDS.get(change, ()):
            value = (new_values.get(field) or "").strip()
            if not value:
                what = Text(field, en=field.replace("_", " "))  # the field's name; English reads it with spaces
                raise BadInput("new_value_missing", MESSAGES["new_value_missing"].format(what=what))
            setattr(work.resident, field, value)
        work.resident.save()
        work.detail["change"] = change
        return work.finish(outcome)


def period_of_stay_change(
    actor: Actor, card_id: object, applicant: Applicant, *, new_end: date | None, special_period: bool
) -> Result:
    """Before the card's expiry; capped by the birthday rule; the 特例期間 once."""
    with transaction.atomic():
        work = open_procedure(actor, card_id, "period-of-stay-change", applicant)
        _check_pins_usable(work, applicant)
        outcome, stay_end = rules_call(
            lc.period_of_stay_change, work.state, work.holder, municipality().validity, load_lifecycle_rules(),
            new_end=new_end, special_period=special_period, today=work.today,
        )  # fmt: skip
        work.resident.period_of_stay_end = stay_end
        work.resident.save()
        work.detail.update({"special_period": special_period, "expires": str(outcome.card.expires)})
        return work.finish(outcome)


def _check_pins_usable(work, applicant: Applicant) -> None:
    """A procedure that asks for the resident register PIN cannot go on with it locked."""
    if "resident-register-pin" in work.checked and work.state.pin("resident-register").locked:
        rules_call(_locked, "resident-register")


def _locked(pin: str) -> None:
    raise lc.Refusal("pin_locked", offers=("pin-reset",), pin=pin)
