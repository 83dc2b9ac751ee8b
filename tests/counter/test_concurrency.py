"""Two clerks at once: the card's lock lets one action through and the rules refuse
the other; receipt numbers stay unique and gapless."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from django.db import connection

from madoguchi.core import clock
from madoguchi.counter.models import Receipt
from madoguchi.counter.services import reissue, suspension
from madoguchi.counter.services.errors import Refused
from madoguchi.counter.services.visits import Applicant

from .conftest import CLERK, make_card, make_resident

pytestmark = pytest.mark.django_db(transaction=True)
AT = datetime(2026, 11, 24, 10, 0, tzinfo=clock.TOKYO)


def together(*calls):
    """Run the calls in threads started at once; return each one's result or error."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        try:
            with clock.pinned(AT):
                start.wait()
                results[i] = call()
        except Exception as e:  # noqa: BLE001 - collected for the assertions
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_suspensions_of_one_card_one_is_refused():
    card = make_card(make_resident())
    results = together(*[lambda: suspension.suspend_lost_card(CLERK, card.pk, Applicant(channel="phone"))] * 2)
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(refused) == 1 and refused[0].code == "already_suspended", results
    assert card.cases.count() == 1


def test_receipts_of_two_counters_at_once_are_numbered_apart():
    cards = [make_card(make_resident(register_id=str(i), my_number=""), serial=f"S{i}", status="suspended", lost=True) for i in range(2)]
    applicant = Applicant(documents=("id-document", "application-form"))
    results = together(*[lambda c=c: reissue.apply_reissue(CLERK, c.pk, applicant, procedure_id="reissue-after-loss") for c in cards])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Receipt.objects.values_list("number", flat=True)) == ["R2026-000001", "R2026-000002"]
