"""The kiosk: a reception tablet bound to an office by a supervisor's key issues
tickets without a login and shows no personal data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.queue.models import Kiosk, Ticket
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.kiosks import issue_kiosk, revoke_kiosk

from .conftest import CLERK, OFFICE, PICKUP

pytestmark = pytest.mark.django_db


def test_a_kiosk_issues_a_ticket_with_its_number_and_qr():
    _, key = issue_kiosk(CLERK, OFFICE, "lobby-1")
    page = Client().get(f"/en/queue/kiosk/{key}/").content.decode()
    assert "Take a ticket" in page and 'value="card-pickup"' in page and "やさしい にほんご" in page
    response = Client().post(f"/en/queue/kiosk/{key}/", {"procedure": PICKUP}, follow=True)
    ticket = Ticket.objects.get()
    page = response.content.decode()
    assert ticket.label == "B-001" and ticket.lang == "en" and 'class="big-number">B-001<' in page and "<svg" in page
    assert AuditEntry.objects.get(action="issue", subject_id=str(ticket.pk)).actor == "kiosk:lobby-1"


def test_without_a_valid_key_there_is_no_kiosk():
    kiosk, key = issue_kiosk(CLERK, OFFICE, "lobby-1")
    assert Client().get("/ja/queue/kiosk/guess/").status_code == 404
    assert Kiosk.objects.get().key_hash != key  # only its hash is kept
    revoke_kiosk(CLERK, OFFICE, "lobby-1")
    assert Client().post(f"/ja/queue/kiosk/{key}/", {"procedure": PICKUP}).status_code == 404
    assert not Ticket.objects.exists()


def test_an_unknown_procedure_is_refused_in_the_pages_language():
    _, key = issue_kiosk(CLERK, OFFICE, "lobby-1")
    response = Client().post(f"/easy/queue/kiosk/{key}/", {"procedure": "nope"})
    assert response.status_code == 422 and "<ruby>選<rt>えら</rt></ruby>べません" in response.content.decode()


def test_a_ticket_is_shown_on_the_kiosk_only_for_a_while():
    from datetime import timedelta

    from madoguchi.core import clock

    _, key = issue_kiosk(CLERK, OFFICE, "lobby-1")
    Client().post(f"/ja/queue/kiosk/{key}/", {"procedure": PICKUP})
    token = Ticket.objects.get().token
    assert Client().get(f"/ja/queue/kiosk/{key}/t/{token}/").status_code == 200
    with clock.pinned(clock.now() + timedelta(minutes=11)):
        assert Client().get(f"/ja/queue/kiosk/{key}/t/{token}/").status_code == 404


def test_the_command_prints_the_kiosks_address_once(capsys):
    call_command("queue_kiosk", "--name", "lobby-2")
    out = capsys.readouterr().out
    assert "/ja/queue/kiosk/" in out and Kiosk.objects.filter(name="lobby-2").exists()
    with pytest.raises(QueueError):
        issue_kiosk(CLERK, OFFICE, "Lobby 2")
