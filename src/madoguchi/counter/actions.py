"""The counter's actions: what each takes (a schema) and which service it calls.

One table for the API (api/counter.py) and the clerk's screens (views.py), so
that both take the same input, checked the same way, into the same service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ninja import Schema

from madoguchi.core.inputs import line, my_number_line
from madoguchi.audit.services import Actor
from madoguchi.rules.catalog import APPLICANT_TYPES

from .services import card_face, certificates, my_number, pins, reissue, returns, suspension
from .services.visits import Applicant, Result

ApplicantType = Literal[APPLICANT_TYPES]  # type: ignore[valid-type]


class VisitIn(Schema):
    """Who came and what the clerk checked (document and circumstance ids of the catalog)."""

    applicant_type: ApplicantType = "self"  # type: ignore[valid-type]
    applicant_name: line(120) = ""  # type: ignore[valid-type]
    conditions: list[line(60)] = []  # type: ignore[valid-type]
    documents: list[line(60)] = []  # type: ignore[valid-type]
    channel: Literal["counter", "phone"] = "counter"


class SuspendIn(VisitIn):
    channel: Literal["counter", "phone"] = "phone"


class ReissueIn(VisitIn):
    procedure: Literal["reissue-after-loss", "reissue-notes-full", "express-issue"] = "reissue-after-loss"
    with_certificates: bool = True


class ArrivalIn(Schema):
    serial: line(32)  # type: ignore[valid-type]
    issued: date
    notice_number: line(40)  # type: ignore[valid-type]
    pickup_deadline: date


class HandOverIn(VisitIn):
    old_card_collected: bool = False


class FaceIn(VisitIn):
    change: Literal["address", "name", "birth_date", "sex"]
    address: line(200) = ""  # type: ignore[valid-type]
    family_name: line(60) = ""  # type: ignore[valid-type]
    given_name: line(60) = ""  # type: ignore[valid-type]
    family_name_kana: line(120) = ""  # type: ignore[valid-type]
    given_name_kana: line(120) = ""  # type: ignore[valid-type]


class StayIn(VisitIn):
    new_end: date | None = None
    special_period: bool = False


class PinFailureIn(Schema):
    pin: line(30)  # type: ignore[valid-type]


class PinResetIn(VisitIn):
    pin: line(30)  # type: ignore[valid-type]


class RenewIn(VisitIn):
    with_signature: bool = True


class MyNumberIn(VisitIn):
    leaked_and_may_be_misused: bool
    new_number: my_number_line(24)  # type: ignore[valid-type]


class ReturnIn(VisitIn):
    reason: line(40)  # type: ignore[valid-type]


class EmptyIn(Schema):
    pass


def applicant_of(body: Schema, *, with_certificates: bool = True) -> Applicant:
    if not isinstance(body, VisitIn):
        return Applicant()
    return Applicant(
        type=body.applicant_type,
        name=body.applicant_name,
        conditions=tuple(body.conditions),
        documents=tuple(body.documents),
        channel=body.channel,
        with_certificates=with_certificates,
    )


@dataclass(frozen=True)
class Action:
    schema: type[Schema]
    run: Callable[[Actor, int, Schema], Result]
    is_visit: bool = True  # a procedure with an applicant and documents; else a record


def _face(a: Actor, c: int, b: FaceIn) -> Result:
    values = b.dict(include={"address", "family_name", "given_name", "family_name_kana", "given_name_kana"})
    return card_face.change_face_info(a, c, applicant_of(b), change=b.change, new_values=values)


ACTIONS: dict[str, Action] = {
    "suspend": Action(SuspendIn, lambda a, c, b: suspension.suspend(a, c, applicant_of(b))),
    "lift-suspension": Action(VisitIn, lambda a, c, b: suspension.lift_suspension(a, c, applicant_of(b))),
    "report-found": Action(EmptyIn, lambda a, c, b: suspension.report_found(a, c), is_visit=False),
    "apply-reissue": Action(
        ReissueIn,
        lambda a, c, b: reissue.apply_reissue(a, c, applicant_of(b, with_certificates=b.with_certificates), procedure_id=b.procedure),
    ),
    "record-arrival": Action(
        ArrivalIn,
        lambda a, c, b: reissue.record_arrival(
            a, c, serial=b.serial, issued=b.issued, notice_number=b.notice_number, pickup_deadline=b.pickup_deadline
        ),
        is_visit=False,
    ),
    "hand-over": Action(HandOverIn, lambda a, c, b: reissue.hand_over(a, c, applicant_of(b), old_card_collected=b.old_card_collected)),
    "change-face-info": Action(FaceIn, _face),
    "change-period-of-stay": Action(
        StayIn,
        lambda a, c, b: card_face.change_period_of_stay(a, c, applicant_of(b), new_end=b.new_end, special_period=b.special_period),
    ),
    "record-pin-failure": Action(PinFailureIn, lambda a, c, b: pins.record_pin_entry(a, c, pin=b.pin, correct=False), is_visit=False),
    "reset-pin": Action(PinResetIn, lambda a, c, b: pins.reset_pin(a, c, applicant_of(b), pin=b.pin)),
    "renew-certificates": Action(
        RenewIn, lambda a, c, b: certificates.renew_certificates(a, c, applicant_of(b), with_signature=b.with_signature)
    ),
    "issue-signature-certificate": Action(VisitIn, lambda a, c, b: certificates.issue_signature_certificate(a, c, applicant_of(b))),
    "change-my-number": Action(
        MyNumberIn,
        lambda a, c, b: my_number.change_my_number(
            a, c, applicant_of(b), leaked_and_may_be_misused=b.leaked_and_may_be_misused, new_number=b.new_number
        ),
    ),
    "return": Action(ReturnIn, lambda a, c, b: returns.return_card(a, c, applicant_of(b), reason=b.reason)),
}
