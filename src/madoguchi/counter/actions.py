"""The counter's service table: each action of the registry, its schema and its service.

The registry (madoguchi.rules.lifecycle.actions) names every action and
describes its fields; here each gets its input schema, built from that
description (so the API, the clerk's form and the tests take the same input,
checked the same way), and the service that does it. The API
(api/counter.py) and the screens (views.py) only read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ninja import Schema
from pydantic import create_model

from madoguchi.core.inputs import line, my_number_line
from madoguchi.audit.services import Actor
from madoguchi.rules.lifecycle import actions as registry
from madoguchi.rules.lifecycle.actions import VISIT_FIELDS, Field

from .services import abroad, card_info, certificates, my_number, pins, reissue, returns, suspension
from .services.visits import Applicant, Result


def _annotation(f: Field) -> Any:
    if f.my_number:  # the one input that is a My Number: validated, encrypted, indexed by its service
        return my_number_line(f.max_length)
    if f.kind == "text" or (f.kind == "choice" and f.source):
        return line(f.max_length)
    if f.kind == "choice":
        return Literal[f.choices]  # type: ignore[valid-type]
    if f.kind == "list":
        return list[line(f.max_length)]  # type: ignore[valid-type]
    if f.kind == "flag":
        return bool
    if f.kind == "date":
        return date if f.required else date | None
    raise ValueError(f"unknown field kind {f.kind!r}")


def _definitions(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {f.name: (_annotation(f), ... if f.required else f.default) for f in fields}


def _schema_name(action: registry.Action) -> str:
    return "".join(part.capitalize() for part in action.name.split("-")) + "In"


# Every visit's schema extends this one: who came and what the clerk checked
# (document and circumstance ids of the catalog).
VisitIn: type[Schema] = create_model(  # type: ignore[call-overload]
    "VisitIn",
    __base__=Schema,
    __doc__="Who came and what the clerk checked (document and circumstance ids of the catalog).",
    **_definitions(VISIT_FIELDS),
)


def schema_of(action: registry.Action) -> type[Schema]:
    """The action's input schema: the visit's fields and its own (a record: its own only)."""
    if action.is_visit and not action.fields:
        return VisitIn
    base = VisitIn if action.is_visit else Schema
    return create_model(_schema_name(action), __base__=base, __doc__=action.summary, **_definitions(action.fields))  # type: ignore[call-overload]


def applicant_of(body: Schema) -> Applicant:
    if not isinstance(body, VisitIn):
        return Applicant()
    return Applicant(
        type=body.applicant_type,
        name=body.applicant_name,
        conditions=tuple(body.conditions),
        documents=tuple(body.documents),
        channel=body.channel,
        office=body.office,
        with_certificates=getattr(body, "with_certificates", True),
    )


Service = Callable[[Actor, int, Any], Result]


# One named function per action: what of the input the service takes.
def suspend_lost_card(actor: Actor, card_id: int, body: Any) -> Result:
    return suspension.suspend_lost_card(actor, card_id, applicant_of(body))


def lift_suspension(actor: Actor, card_id: int, body: Any) -> Result:
    return suspension.lift_suspension(actor, card_id, applicant_of(body))


def report_found(actor: Actor, card_id: int, body: Any) -> Result:
    return suspension.report_found(actor, card_id)


def apply_reissue(actor: Actor, card_id: int, body: Any) -> Result:
    return reissue.apply_reissue(actor, card_id, applicant_of(body), procedure_id=body.procedure)


def record_arrival(actor: Actor, card_id: int, body: Any) -> Result:
    return reissue.record_arrival(
        actor, card_id, serial=body.serial, issued=body.issued, notice_number=body.notice_number, pickup_deadline=body.pickup_deadline
    )


def card_pickup(actor: Actor, card_id: int, body: Any) -> Result:
    return reissue.card_pickup(actor, card_id, applicant_of(body), old_card_collected=body.old_card_collected)


def card_info_change(actor: Actor, card_id: int, body: Any) -> Result:
    values = body.dict(include=set(card_info.NEW_VALUE_FIELDS))
    return card_info.card_info_change(actor, card_id, applicant_of(body), change=body.change, new_values=values)


def period_of_stay_change(actor: Actor, card_id: int, body: Any) -> Result:
    return card_info.period_of_stay_change(actor, card_id, applicant_of(body), new_end=body.new_end, special_period=body.special_period)


def record_pin_failure(actor: Actor, card_id: int, body: Any) -> Result:
    return pins.record_pin_entry(actor, card_id, pin=body.pin, correct=False)


def pin_reset(actor: Actor, card_id: int, body: Any) -> Result:
    return pins.pin_reset(actor, card_id, applicant_of(body), pin=body.pin)


def certificate_renewal(actor: Actor, card_id: int, body: Any) -> Result:
    return certificates.certificate_renewal(actor, card_id, applicant_of(body), with_signature=body.with_signature)


def signature_certificate_issue(actor: Actor, card_id: int, body: Any) -> Result:
    return certificates.signature_certificate_issue(actor, card_id, applicant_of(body))


def my_number_change(actor: Actor, card_id: int, body: Any) -> Result:
    return my_number.my_number_change(
        actor, card_id, applicant_of(body), leaked_and_may_be_misused=body.leaked_and_may_be_misused, new_number=body.new_number
    )


def card_return(actor: Actor, card_id: int, body: Any) -> Result:
    return returns.card_return(actor, card_id, applicant_of(body), reason=body.reason)


def card_keep_abroad(actor: Actor, card_id: int, body: Any) -> Result:
    return abroad.card_keep_abroad(actor, card_id, applicant_of(body), departure=body.departure)


def card_keep_domestic(actor: Actor, card_id: int, body: Any) -> Result:
    return abroad.card_keep_domestic(actor, card_id, applicant_of(body))


SERVICES: dict[str, Service] = {
    "suspend-lost-card": suspend_lost_card,
    "lift-suspension": lift_suspension,
    "report-found": report_found,
    "apply-reissue": apply_reissue,
    "record-arrival": record_arrival,
    "card-pickup": card_pickup,
    "card-info-change": card_info_change,
    "period-of-stay-change": period_of_stay_change,
    "record-pin-failure": record_pin_failure,
    "pin-reset": pin_reset,
    "certificate-renewal": certificate_renewal,
    "signature-certificate-issue": signature_certificate_issue,
    "my-number-change": my_number_change,
    "card-return": card_return,
    "card-keep-abroad": card_keep_abroad,
    "card-keep-domestic": card_keep_domestic,
}


@dataclass(frozen=True)
class CounterAction:
    """A registry row with the schema its input is checked by and the service that does it."""

    spec: registry.Action
    schema: type[Schema]
    run: Service

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def is_visit(self) -> bool:
        return self.spec.is_visit

    def do(self, actor: Actor, card_id: int, body: dict[str, Any]) -> Result:
        """Check `body` with the schema (pydantic.ValidationError if wrong) and run the service."""
        return self.run(actor, card_id, self.schema(**body))


def _table() -> dict[str, CounterAction]:
    missing = set(registry.ACTIONS) ^ set(SERVICES)
    if missing:  # a row without a service, or a service without a row
        raise RuntimeError(f"the registry and the service table differ: {sorted(missing)}")
    return {name: CounterAction(spec, schema_of(spec), SERVICES[name]) for name, spec in registry.ACTIONS.items()}


ACTIONS: dict[str, CounterAction] = _table()


def counter_action(name: str) -> CounterAction | None:
    """The action of that name, or of its API 1.0 name."""
    spec = registry.action(name)
    return ACTIONS[spec.name] if spec else None
