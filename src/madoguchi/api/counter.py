"""The counter's API: POST /api/v1/cards/{card_id}/actions/{action}.

Each action calls the same service as the clerk's screen. A staff user's
bearer token (StaffTokenAuth) is required (401 without). Success returns the
card as it now is; a rule that forbids the action gives 409
{code, message_ja, message_en, offers}; bad input 422; an unknown card 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from madoguchi.counter.services import card_face, certificates, my_number, pins, reissue, returns, suspension
from madoguchi.counter.services.errors import CounterError
from madoguchi.counter.services.visits import Applicant, Result
from madoguchi.rules.catalog import APPLICANT_TYPES
from madoguchi.staff.api_auth import StaffTokenAuth, api_actor

router = Router(tags=["counter"], auth=StaffTokenAuth())

ApplicantType = Literal[APPLICANT_TYPES]  # type: ignore[valid-type]


class Problem(Schema):
    """Why the request was not done: a code and the reason in Japanese and English.
    (422 from request validation carries `detail` instead; 401 carries `detail`.)"""

    code: str = ""
    message_ja: str = ""
    message_en: str = ""
    offers: list[str] = []
    detail: Any = None


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


class VisitIn(Schema):
    """Who came and what the clerk checked (document and circumstance ids of the catalog)."""

    applicant_type: ApplicantType = "self"  # type: ignore[valid-type]
    applicant_name: str = ""
    conditions: list[str] = []
    documents: list[str] = []
    channel: Literal["counter", "phone"] = "counter"


class SuspendIn(VisitIn):
    channel: Literal["counter", "phone"] = "phone"


class ReissueIn(VisitIn):
    procedure: Literal["reissue-after-loss", "reissue-notes-full", "express-issue"] = "reissue-after-loss"
    with_certificates: bool = True


class ArrivalIn(Schema):
    serial: str
    issued: date
    notice_number: str
    pickup_deadline: date


class HandOverIn(VisitIn):
    old_card_collected: bool = False


class FaceIn(VisitIn):
    change: Literal["address", "name", "birth_date", "sex"]
    address: str = ""
    family_name: str = ""
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""


class StayIn(VisitIn):
    new_end: date | None = None
    special_period: bool = False


class PinFailureIn(Schema):
    pin: str


class PinResetIn(VisitIn):
    pin: str


class RenewIn(VisitIn):
    with_signature: bool = True


class MyNumberIn(VisitIn):
    leaked_and_may_be_misused: bool
    new_number: str


class ReturnIn(VisitIn):
    reason: str


def _applicant(body: VisitIn, *, with_certificates: bool = True) -> Applicant:
    return Applicant(
        type=body.applicant_type,
        name=body.applicant_name,
        conditions=tuple(body.conditions),
        documents=tuple(body.documents),
        channel=body.channel,
        with_certificates=with_certificates,
    )


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


def _do(call: Callable[[], Result]) -> Status:
    try:
        return Status(200, _card_out(call()))
    except CounterError as e:
        return Status(e.status, {"code": e.code, "message_ja": e.message_ja, "message_en": e.message_en, "offers": list(e.offers)})


RESPONSES = {200: CardOut, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem}
ACTION = "/cards/{card_id}/actions/"


@router.post(ACTION + "suspend", response=RESPONSES, summary="Suspend a lost card (24-hour line record or counter)")
def suspend(request: HttpRequest, card_id: int, body: SuspendIn):
    return _do(lambda: suspension.suspend(api_actor(request), card_id, _applicant(body)))


@router.post(ACTION + "lift-suspension", response=RESPONSES, summary="Lift a suspension (counter only)")
def lift_suspension(request: HttpRequest, card_id: int, body: VisitIn):
    return _do(lambda: suspension.lift_suspension(api_actor(request), card_id, _applicant(body)))


@router.post(ACTION + "report-found", response=RESPONSES, summary="Record that a lost card was found")
def report_found(request: HttpRequest, card_id: int):
    return _do(lambda: suspension.report_found(api_actor(request), card_id))


@router.post(ACTION + "apply-reissue", response=RESPONSES, summary="Apply for a new card (the old one becomes unusable)")
def apply_reissue(request: HttpRequest, card_id: int, body: ReissueIn):
    applicant = _applicant(body, with_certificates=body.with_certificates)
    return _do(lambda: reissue.apply_reissue(api_actor(request), card_id, applicant, procedure_id=body.procedure))


@router.post(ACTION + "record-arrival", response=RESPONSES, summary="Record the card's arrival from J-LIS")
def record_arrival(request: HttpRequest, card_id: int, body: ArrivalIn):
    return _do(
        lambda: reissue.record_arrival(
            api_actor(request), card_id, serial=body.serial, issued=body.issued,
            notice_number=body.notice_number, pickup_deadline=body.pickup_deadline,
        )  # fmt: skip
    )


@router.post(ACTION + "hand-over", response=RESPONSES, summary="Hand the new card over (the old one collected)")
def hand_over(request: HttpRequest, card_id: int, body: HandOverIn):
    return _do(lambda: reissue.hand_over(api_actor(request), card_id, _applicant(body), old_card_collected=body.old_card_collected))


@router.post(ACTION + "change-face-info", response=RESPONSES, summary="Write a change on the card face (notes field)")
def change_face_info(request: HttpRequest, card_id: int, body: FaceIn):
    values = body.dict(include={"address", "family_name", "given_name", "family_name_kana", "given_name_kana"})
    return _do(lambda: card_face.change_face_info(api_actor(request), card_id, _applicant(body), change=body.change, new_values=values))


@router.post(ACTION + "change-period-of-stay", response=RESPONSES, summary="Change the card's expiry after a period-of-stay change")
def change_period_of_stay(request: HttpRequest, card_id: int, body: StayIn):
    return _do(
        lambda: card_face.change_period_of_stay(
            api_actor(request), card_id, _applicant(body), new_end=body.new_end, special_period=body.special_period
        )
    )


@router.post(ACTION + "record-pin-failure", response=RESPONSES, summary="Record a wrong PIN entry")
def record_pin_failure(request: HttpRequest, card_id: int, body: PinFailureIn):
    return _do(lambda: pins.record_pin_entry(api_actor(request), card_id, pin=body.pin, correct=False))


@router.post(ACTION + "reset-pin", response=RESPONSES, summary="Reset a PIN")
def reset_pin(request: HttpRequest, card_id: int, body: PinResetIn):
    return _do(lambda: pins.reset_pin(api_actor(request), card_id, _applicant(body), pin=body.pin))


@router.post(ACTION + "renew-certificates", response=RESPONSES, summary="Renew the electronic certificates")
def renew_certificates(request: HttpRequest, card_id: int, body: RenewIn):
    return _do(lambda: certificates.renew_certificates(api_actor(request), card_id, _applicant(body), with_signature=body.with_signature))


@router.post(ACTION + "issue-signature-certificate", response=RESPONSES, summary="Issue a signature certificate")
def issue_signature_certificate(request: HttpRequest, card_id: int, body: VisitIn):
    return _do(lambda: certificates.issue_signature_certificate(api_actor(request), card_id, _applicant(body)))


@router.post(ACTION + "change-my-number", response=RESPONSES, summary="Change the My Number (leak with a misuse risk only)")
def change_my_number(request: HttpRequest, card_id: int, body: MyNumberIn):
    return _do(
        lambda: my_number.change_my_number(
            api_actor(request), card_id, _applicant(body),
            leaked_and_may_be_misused=body.leaked_and_may_be_misused, new_number=body.new_number,
        )  # fmt: skip
    )


@router.post(ACTION + "return", response=RESPONSES, summary="Take a card back (返納)")
def return_card(request: HttpRequest, card_id: int, body: ReturnIn):
    return _do(lambda: returns.return_card(api_actor(request), card_id, _applicant(body), reason=body.reason))
