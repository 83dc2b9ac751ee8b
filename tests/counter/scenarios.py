"""Running the seed's scenarios (cases/scenarios.yaml) through the services or the API."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from madoguchi.counter.models import Card, PinCounter
from madoguchi.counter.services import card_face, certificates, my_number, pins, reissue, returns, suspension
from madoguchi.counter.services.visits import Applicant

from .conftest import CLERK, make_card, make_resident

CASES = Path(__file__).parent / "cases"
DEFAULT_AT = datetime(2026, 11, 24, 10, 0)


def scenarios() -> list:
    rows = yaml.safe_load((CASES / "scenarios.yaml").read_text(encoding="utf-8"))
    return [pytest.param(row, id=row["id"]) for row in rows]


def arrange(scenario: dict) -> Card:
    resident = make_resident(**scenario.get("resident", {}))
    fields = dict(scenario.get("card", {}))
    pin_rows = fields.pop("pins", {})
    card = make_card(resident, **fields)
    for pin, (failures, locked) in pin_rows.items():
        PinCounter.objects.create(card=card, pin=pin, failures=failures, locked=locked)
    if scenario.get("reissued"):
        # The old card was given up in a re-issue application; the new one is on its way.
        card.status, card.return_pending = "superseded", True
        card.save()
        return Card.objects.create(resident=resident, status="ordered", replaces=card, application_received=date(2026, 10, 20))
    return card


def applicant(body: dict) -> Applicant:
    return Applicant(
        type=body.get("applicant_type", "self"),
        name=body.get("applicant_name", ""),
        conditions=tuple(body.get("conditions", ())),
        documents=tuple(body.get("documents", ())),
        channel=body.get("channel", "counter"),
        with_certificates=body.get("with_certificates", True),
    )


def call_service(action: str, card_id: int, body: dict):
    """The service behind each API action, called as the clerk's screen calls it."""
    a = applicant(body)
    match action:
        case "suspend":
            return suspension.suspend(CLERK, card_id, Applicant(channel=body.get("channel", "phone")))
        case "report-found":
            return suspension.report_found(CLERK, card_id)
        case "lift-suspension":
            return suspension.lift_suspension(CLERK, card_id, a)
        case "apply-reissue":
            return reissue.apply_reissue(CLERK, card_id, a, procedure_id=body["procedure"])
        case "record-arrival":
            return reissue.record_arrival(
                CLERK, card_id, serial=body["serial"], issued=body["issued"],
                notice_number=body["notice_number"], pickup_deadline=body["pickup_deadline"],
            )  # fmt: skip
        case "hand-over":
            return reissue.hand_over(CLERK, card_id, a, old_card_collected=body.get("old_card_collected", False))
        case "change-face-info":
            return card_face.change_face_info(CLERK, card_id, a, change=body["change"], new_values=body)
        case "change-period-of-stay":
            return card_face.change_period_of_stay(
                CLERK, card_id, a, new_end=body.get("new_end"), special_period=body.get("special_period", False)
            )
        case "record-pin-failure":
            return pins.record_pin_entry(CLERK, card_id, pin=body["pin"], correct=False)
        case "reset-pin":
            return pins.reset_pin(CLERK, card_id, a, pin=body["pin"])
        case "renew-certificates":
            return certificates.renew_certificates(CLERK, card_id, a)
        case "issue-signature-certificate":
            return certificates.issue_signature_certificate(CLERK, card_id, a)
        case "change-my-number":
            return my_number.change_my_number(
                CLERK, card_id, a, leaked_and_may_be_misused=body["leaked_and_may_be_misused"], new_number=body["new_number"]
            )
        case "return":
            return returns.return_card(CLERK, card_id, a, reason=body["reason"])
    raise AssertionError(f"no service for {action}")


def check_then(card: dict, step: dict) -> None:
    """`card` as the API returns it; compare the step's `then` fields."""
    for key, expected in step["then"].items():
        if key in ("user_certificate", "signature_certificate"):
            assert card[key]["status"] == expected, key
        elif key == "user_expires":
            assert str(card["user_certificate"]["expires"]) == str(expected)
        elif key == "pins":
            got = {p["pin"]: [p["failures"], p["locked"]] for p in card["pins"]}
            assert {k: got.get(k) for k in expected} == expected
        elif key == "receipt":
            assert bool(card["receipt_number"]) == expected
        else:
            value = str(card[key]) if isinstance(card[key], date) else card[key]
            assert value == (str(expected) if isinstance(expected, date) else expected), (key, value, expected)
