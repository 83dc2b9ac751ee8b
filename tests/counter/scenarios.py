"""Running the seed's scenarios (cases/scenarios.yaml) through the services or the API."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from madoguchi.counter.models import Card, PinCounter
from madoguchi.counter.actions import ACTIONS

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


def call_service(action: str, card_id: int, body: dict):
    """The service behind the action, through the counter's table: the body
    checked by the action's schema, as the API and the clerk's screen do."""
    return ACTIONS[action].do(CLERK, card_id, body)


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
