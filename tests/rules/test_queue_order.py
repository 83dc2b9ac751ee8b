"""The call order at the counter, from the table in cases/queue_order.yaml."""

from __future__ import annotations

from datetime import datetime

import pytest

from madoguchi.rules.queue_data import load_queue_data
from madoguchi.rules.queue_order import BOOKED, WALK_IN, OrderSettings, Waiting, estimate_minutes, next_for_window, places, wait_for_new

from .conftest import cases

PROCEDURES = {"renew": "certificate-renewal", "pickup": "card-pickup"}
MINUTES = {"certificate-renewal": 25, "card-pickup": 20}
SETTINGS = OrderSettings(grace_minutes=10, late_minutes=5)


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-24T{hhmm}:00+09:00")


def tickets(rows: list[dict]) -> list[Waiting]:
    return [
        Waiting(
            key=i,
            procedure=PROCEDURES[r["procedure"]],
            kind=BOOKED if "booked" in r else WALK_IN,
            arrived=at(r["arrived"]),
            booked_at=at(r["booked"]) if "booked" in r else None,
            window=r.get("window"),
            transferred=at(r["transferred"]) if "transferred" in r else None,
        )
        for i, r in enumerate(rows, start=1)
    ]


@pytest.mark.parametrize("case", cases("queue_order.yaml", "order"))
def test_call_order(case):
    waiting = tickets(case["waiting"])
    numbers = {t.key: r["number"] for t, r in zip(waiting, case["waiting"])}
    serves = frozenset(PROCEDURES[p] for p in case["serves"])
    order = next_for_window(case.get("window", 1), serves, waiting, at(case["now"]), SETTINGS)
    assert [numbers[t.key] for t in order] == case["order"]


@pytest.mark.parametrize("case", cases("queue_order.yaml", "places"))
def test_places(case):
    waiting = tickets(case["waiting"])
    numbers = {t.key: r["number"] for t, r in zip(waiting, case["waiting"])}
    windows = {int(w): frozenset(PROCEDURES[p] for p in serves) for w, serves in case["windows"].items()}
    got = places(waiting, windows, MINUTES, at(case["now"]), SETTINGS)
    assert {numbers[k]: [p.ahead, p.minutes] for k, p in got.items()} == case["places"]


@pytest.mark.parametrize("case", cases("queue_order.yaml", "new"))
def test_wait_for_a_new_ticket(case):
    windows = {int(w): frozenset(PROCEDURES[p] for p in serves) for w, serves in case["windows"].items()}
    new = case["new"]
    got = wait_for_new(PROCEDURES[new["procedure"]], tickets(case["waiting"]), windows, MINUTES, at(case["now"]), SETTINGS,
                       booked_at=at(new["booked"]) if "booked" in new else None)
    assert [got.ahead, got.minutes] == case["place"]


def test_estimate_rounds_up_and_never_divides_by_zero():
    assert estimate_minutes([25, 20], 2) == 23
    assert estimate_minutes([25], 0) == 25
    assert estimate_minutes([], 3) == 0


def test_koganei_queue_data_gives_every_grouped_procedure_its_minutes():
    data = load_queue_data("koganei")
    assert data.order == OrderSettings(grace_minutes=10, late_minutes=5)
    assert set(data.minutes) == set(data.procedures())
    assert data.group_of("card-pickup").letter == "B"
    for window in data.windows:
        assert window.procedures <= set(data.procedures())
