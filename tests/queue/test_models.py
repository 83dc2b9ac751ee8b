"""The queue's data: the package name, the number's spoken form, the database's own guards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from madoguchi.queue.models import Ticket
from madoguchi.queue.services import tickets

from .conftest import CLERK, OFFICE, RENEW

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_package_does_not_shadow_the_standard_librarys_queue():
    program = "import queue, madoguchi.queue; import concurrent.futures; print(queue.__file__); print(hasattr(queue, 'SimpleQueue'))"
    out = subprocess.run([sys.executable, "-c", program], cwd=SRC, env={"PYTHONPATH": str(SRC), "PATH": ""},
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert "madoguchi" not in out[0] and out[1] == "True"


@pytest.mark.django_db
def test_the_database_refuses_a_second_ticket_with_the_same_number():
    first = tickets.issue(CLERK, OFFICE, RENEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(office_id=OFFICE, day=first.day, letter="A", number=1, procedure_id=RENEW, kind="walk-in",
                              issued_at=first.issued_at, estimate_minutes=0, token="x" * 24)


@pytest.mark.django_db
def test_a_closed_ticket_must_say_why():
    t = tickets.issue(CLERK, OFFICE, RENEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=t.pk).update(state="closed", close_reason="")


def test_numbers_past_999_still_read_aloud():
    assert Ticket(letter="C", number=7).label == "C-007"
    assert Ticket(letter="C", number=1234).label == "C-1234"
