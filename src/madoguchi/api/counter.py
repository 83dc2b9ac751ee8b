"""The counter's API: POST /api/v1/cards/{card_id}/actions/{action}.

Each action calls the same service as the clerk's screen (counter/actions.py
holds the table). A staff user's bearer token (StaffTokenAuth) is required
(401 without). Success returns the card as it now is; a rule that forbids the
action gives 409, a Problem (api/problems.py) with `offers`, `message_ja` and
`message_en`; bad input 422; an unknown card 404. Nothing changes unless the
answer is 200.
"""

from __future__ import annotations

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


def _do(request: HttpRequest, action: str, card_id: int, body: Schema) -> Status:
    try:
        return Status(200, _card_out(a.ACTIONS[action].run(api_actor(request), card_id, body)))
    except CounterError as e:
        return problem_response(e, request_language(request))


RESPONSES = {200: CardOut, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem}
ACTION = "/cards/{card_id}/actions/"


@router.post(ACTION + "suspend", response=RESPONSES, summary="Suspend a lost card (24-hour line record or counter)")
def suspend(request: HttpRequest, card_id: int, body: a.SuspendIn):
    return _do(request, "suspend", card_id, body)


@router.post(ACTION + "lift-suspension", response=RESPONSES, summary="Lift a suspension (counter only)")
def lift_suspension(request: HttpRequest, card_id: int, body: a.VisitIn):
    return _do(request, "lift-suspension", card_id, body)


@router.post(ACTION + "report-found", response=RESPONSES, summary="Record that a lost card was found")
def report_found(request: HttpRequest, card_id: int):
    return _do(request, "report-found", card_id, a.EmptyIn())


@router.post(ACTION + "apply-reissue", response=RESPONSES, summary="Apply for a new card (after a loss the old one becomes unusable)")
def apply_reissue(request: HttpRequest, card_id: int, body: a.ReissueIn):
    return _do(request, "apply-reissue", card_id, body)


@router.post(ACTION + "record-arrival", response=RESPONSES, summary="Record the card's arrival from J-LIS (registers the pickup)")
def record_arrival(request: HttpRequest, card_id: int, body: a.ArrivalIn):
    return _do(request, "record-arrival", card_id, body)


@router.post(ACTION + "hand-over", response=RESPONSES, summary="Hand the new card over (the old one collected)")
def hand_over(request: HttpRequest, card_id: int, body: a.HandOverIn):
    return _do(request, "hand-over", card_id, body)


@router.post(ACTION + "change-face-info", response=RESPONSES, summary="Write a change on the card face (notes field)")
def change_face_info(request: HttpRequest, card_id: int, body: a.FaceIn):
    return _do(request, "change-face-info", card_id, body)


@router.post(ACTION + "change-period-of-stay", response=RESPONSES, summary="Change the card's expiry after a period-of-stay change")
def change_period_of_stay(request: HttpRequest, card_id: int, body: a.StayIn):
    return _do(request, "change-period-of-stay", card_id, body)


@router.post(ACTION + "record-pin-failure", response=RESPONSES, summary="Record a wrong PIN entry")
def record_pin_failure(request: HttpRequest, card_id: int, body: a.PinFailureIn):
    return _do(request, "record-pin-failure", card_id, body)


@router.post(ACTION + "reset-pin", response=RESPONSES, summary="Reset a PIN")
def reset_pin(request: HttpRequest, card_id: int, body: a.PinResetIn):
    return _do(request, "reset-pin", card_id, body)


@router.post(ACTION + "renew-certificates", response=RESPONSES, summary="Renew the electronic certificates")
def renew_certificates(request: HttpRequest, card_id: int, body: a.RenewIn):
    return _do(request, "renew-certificates", card_id, body)


@router.post(ACTION + "issue-signature-certificate", response=RESPONSES, summary="Issue a signature certificate")
def issue_signature_certificate(request: HttpRequest, card_id: int, body: a.VisitIn):
    return _do(request, "issue-signature-certificate", card_id, body)


@router.post(ACTION + "change-my-number", response=RESPONSES, summary="Change the My Number (a leak with a misuse risk only)")
def change_my_number(request: HttpRequest, card_id: int, body: a.MyNumberIn):
    return _do(request, "change-my-number", card_id, body)


@router.post(ACTION + "return", response=RESPONSES, summary="Take a card back (返納)")
def return_card(request: HttpRequest, card_id: int, body: a.ReturnIn):
    return _do(request, "return", card_id, body)
