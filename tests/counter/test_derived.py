"""The stored renewal_opens of cards and certificates is always the validity
rule's answer for their expiry (counter/derived.py, ADR 0018): on create, on a
change through the counter's services, through the import, and by the backfill."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.core.management import call_command

from madoguchi.core.city import municipality
from madoguchi.counter.models import Card, Certificate
from madoguchi.counter.services import state
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.validity import renewal_window_opens

from .conftest import make_card, make_resident
from .imports.test_import_residents import GOOD, write

pytestmark = pytest.mark.django_db


def opens(expires: date) -> date:
    return renewal_window_opens(municipality().validity, expires)


def test_a_new_card_and_its_certificates_carry_the_rules_opening_day():
    card = make_card(make_resident(), expires=date(2029, 6, 15), user={"status": "active", "expires": date(2027, 5, 31)})
    card.refresh_from_db()
    assert card.renewal_opens == opens(date(2029, 6, 15)) == date(2029, 3, 16)  # Koganei: the day after
    assert card.certificates.get(kind="user").renewal_opens == date(2027, 3, 1)  # 31, 30, 29 May all open 1 March
    assert Certificate.objects.get(card=card, kind="signature").renewal_opens == opens(date(2029, 6, 15))


def test_a_renewal_written_by_the_services_moves_the_opening_day():
    card = make_card(make_resident())
    renewed = lc.Certificate("active", date(2026, 11, 24), date(2031, 6, 15))
    state.store(card, dataclasses.replace(state.state_of(card), user_certificate=renewed, expires=date(2032, 6, 15)))
    assert Card.objects.get(pk=card.pk).renewal_opens == opens(date(2032, 6, 15))
    assert Certificate.objects.get(card=card, kind="user").renewal_opens == opens(date(2031, 6, 15))


def test_the_import_writes_the_opening_days(tmp_path):
    call_command("import_residents", str(write(tmp_path, GOOD)))
    card = Card.objects.get(serial="AA0000000001")
    assert card.renewal_opens == opens(date(2029, 6, 15))
    assert card.certificates.get(kind="user").renewal_opens == opens(date(2029, 6, 15))
    assert Card.objects.get(serial="AA0000000002").certificates.get(kind="user").renewal_opens is None  # no certificate


def test_the_backfill_puts_back_what_a_raw_update_left_stale(capsys):
    card = make_card(make_resident())
    Card.objects.filter(pk=card.pk).update(renewal_opens=None)
    Certificate.objects.filter(card=card).update(renewal_opens=date(2000, 1, 1))
    call_command("derive_dates")
    assert "3 rows changed" in capsys.readouterr().out
    assert Card.objects.get(pk=card.pk).renewal_opens == opens(card.expires)
    assert set(Certificate.objects.filter(card=card).values_list("renewal_opens", flat=True)) == {opens(date(2029, 6, 15))}
