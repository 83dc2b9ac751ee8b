"""Cards past their last day become expired and are flagged for return; a card on its last day is still valid."""

from datetime import date

import pytest
from django.core.management import call_command

from madoguchi.counter.models import Card

from .conftest import make_card, make_resident

pytestmark = pytest.mark.django_db


def test_expire_cards_marks_only_cards_past_their_last_day(now, capsys):
    resident = make_resident()
    past = make_card(resident, expires=date(2026, 11, 23))
    last_day = make_card(make_resident(register_id="2", my_number=""), expires=date(2026, 11, 24))
    call_command("expire_cards")
    assert "1 card(s) expired" in capsys.readouterr().out
    past, last_day = Card.objects.get(pk=past.pk), Card.objects.get(pk=last_day.pk)
    assert (past.status, past.return_pending) == ("expired", True)
    assert past.certificates.get(kind="user").status == "expired"
    assert last_day.status == "active"
