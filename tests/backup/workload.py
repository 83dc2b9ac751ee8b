"""Writers for the backup tests, run as `python -m tests.backup.workload ...` in a
served database's environment (tests/booking/served.server_env):

- `prepare N`: migrate, open 24-25 November's slots, and make N fictional
  residents, each with a valid My Number and an active card (one process:
  Django starts once);
- `cases`: suspends each card by phone (one case each, through the counter's
  service) until every card is done or stdin closes, printing `case <id>`
  after each commit, so the test knows which cases were committed when.
"""

from __future__ import annotations

import sys
import time

import django
from stdnum.jp import in_


def my_number(n: int) -> str:
    """A fictional number with a valid check digit (stdnum.jp.in_)."""
    body = f"{700000000000 + n * 7919:012d}"[:11]
    return body + in_.calc_check_digit(body)


def prepare(count: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from tests.booking.conftest import PROCEDURE

    from madoguchi.audit.services import Actor, record
    from tests.counter.conftest import make_card, make_resident

    call_command("migrate", verbosity=0)
    call_command("open_slots", "--procedure", PROCEDURE, "--from", "2026-11-24", "--to", "2026-11-25", "--seats", "200")
    with transaction.atomic():
        for n in range(count):
            resident = make_resident(register_id=f"BK{n:05d}", household=f"BK{n:05d}", my_number=my_number(n),
                                     family_name_kana="バックアップ", given_name_kana=f"テスト{n}")  # fmt: skip
            make_card(resident, serial=f"BKS{n:05d}")
        record(Actor.system(), "create", "resident", "-", reason="backup test data", detail={"residents": count})


def cases() -> None:
    import select

    from madoguchi.audit.services import Actor
    from madoguchi.counter.models import Card
    from madoguchi.counter.services import suspension
    from madoguchi.counter.services.visits import Applicant

    clerk = Actor("backup-test-clerk", "clerk")
    for card_id in Card.objects.filter(serial__startswith="BKS", status="active").order_by("id").values_list("id", flat=True):
        if select.select([sys.stdin], [], [], 0)[0] and not sys.stdin.readline():
            return  # the test closed our stdin: stop
        result = suspension.suspend_lost_card(clerk, card_id, Applicant(channel="phone"))
        print(f"case {result.case.pk}", flush=True)
        time.sleep(0.01)


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "prepare":
        prepare(int(sys.argv[2]))
    else:
        cases()
