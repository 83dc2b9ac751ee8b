"""The counter's API: POST /api/v1/cards/{card_id}/actions/{action}.

One endpoint per action of the registry (madoguchi.rules.lifecycle.actions),
registered in a loop: each calls the same service as the clerk's screen, with
the same schema (counter/actions.py holds the table). An action renamed to its
catalog procedure's id still answers at its API 1.0 path (deprecated).

A staff user's bearer token (StaffTokenAuth) is required (401 without).
Success returns the card as it now is; a rule that forbids the action gives
409, a Problem (api/problems.py) with `offers`, `message_ja` and `message_en`;
bad input 422; an unknown card 404. Nothing changes unless the answer is 200.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from madoguchi.counter import actions as a
from madoguchi.counter.services.errors import CounterError
from madoguchi.counter.services.visits import Result
from madoguchi.staff.api_auth import StaffTokenAuth, api_actor

from .problems import Problem, problem_response, request_language

router = Router(tags=["counter"], auth=StaffTokenAuth())


class CertificateOut(Schema):
    status: str
    issued: date | None
    expires: date | None


class PinOut(Schema):
    pin: str
    failures: int
    locked: bool


class CardOut(Schema):
    id: int
    resident_id: int
    serial: str | None
    status: str
    issued: date | None
    expires: date | None
    expiry_basis: str
    notes_used: int
    notes_capacity: int
    lost: bool
    return_pending: bool
    special_period_used: bool
    user_certificate: CertificateOut
    signature_certificate: CertificateOut
    pins: list[PinOut]
    effects: list[str]
    offers: list[str]
    case_id: int | None
    fee_total: int
    receipt_number: str | None
    other_card_id: int | None  # the new card of a re-issue; the old card at a hand-over


def _card_out(result: Result) -> dict:
    card = result.card
    certs = {c.kind: c for c in card.certificates.all()}

    def cert(kind: str) -> dict:
        c = certs.get(kind)
        return {"status": c.status, "issued": c.issued, "expires": c.expires} if c else {"status": "none", "issued": None, "expires": None}

    receipt = result.receipt
    return {
        "id": card.pk,
        "resident_id": card.resident_id,
        "serial": card.serial,
        "status": card.status,
        "issued": card.issued,
        "expires": card.expires,
        "expiry_basis": card.expiry_basis,
        "notes_used": card.notes_used,
        "notes_capacity": card.notes_capacity,
        "lost": card.lost,
        "return_pending": card.return_pending,
        "special_period_used": card.special_period_used,
        "user_certificate": cert("user"),
        "signature_certificate": cert("signature"),
        "pins": [{"pin": p.pin, "failures": p.failures, "locked": p.locked} for p in card.pin_counters.order_by("pin")],
        "effects": list(result.outcome.effects),
        "offers": list(result.outcome.offers),
        "case_id": result.case.pk if result.case else None,
        "fee_total": result.case.fee_total if result.case else 0,
        "receipt_number": receipt.number if receipt else None,
        "other_card_id": result.other.pk if result.other else None,
    }


def _problem(request: HttpRequest, error: CounterError) -> Status:
    """The one place an error answer of the counter's API is built."""
    return problem_response(error, request_language(request))


def _do(request: HttpRequest, action: a.CounterAction, card_id: int, body: Schema) -> Status:
    try:
        return Status(200, _card_out(action.run(api_actor(request), card_id, body)))
    except CounterError as e:
        return _problem(request, e)


RESPONSES = {200: CardOut, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem}
ACTION = "/cards/{card_id}/actions/"


def _operation_id(name: str) -> str:
    snake = name.replace("-", "_")
    return f"madoguchi_api_counter_{snake}_card" if keyword.iskeyword(snake) else f"madoguchi_api_counter_{snake}"


def _endpoint(action: a.CounterAction) -> Callable[..., Status]:
    """POST .../actions/<name>: the body is the action's schema (none for a record without fields)."""
    takes_body = action.is_visit or bool(action.spec.fields)

    def endpoint(request: HttpRequest, card_id: int, body: Schema | None = None) -> Status:
        return _do(request, action, card_id, body if body is not None else action.schema())

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest),
        inspect.Parameter("card_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=int),
    ]
    if takes_body:
        params.append(inspect.Parameter("body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=action.schema))
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]  # what ninja reads
    endpoint.__name__ = action.name.replace("-", "_")
    return endpoint


# One endpoint per action of the registry, and its API 1.0 names as aliases.
for _action in a.ACTIONS.values():
    _view = _endpoint(_action)
    router.add_api_operation(
        ACTION + _action.name, ["POST"], _view, response=RESPONSES, summary=_action.spec.summary, operation_id=_operation_id(_action.name)
    )
    for _former in _action.spec.former_names:
        router.add_api_operation(
            ACTION + _former,
            ["POST"],
            _view,
            response=RESPONSES,
            summary=_action.spec.summary,
            operation_id=_operation_id(_former),
            description=f"The API 1.0 name of `POST {ACTION}{_action.name}`: the same body and answer.",
            deprecated=True,
        )
