"""`madoguchi manage add_opening --office ID --day YYYY-MM-DD --start HH:MM --end HH:MM
--procedure ID [--procedure ID ...] --reason TEXT --by USER`: an extra opening day (a
Saturday, an evening) with its booking slots, audited; the calendar refuses a
holiday, the year end and the J-LIS maintenance Sunday (forecast/openings.py)."""

from __future__ import annotations

from datetime import date, time

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.core.problems import ProblemError
from madoguchi.forecast.openings import add_opening
from madoguchi.rules.errors import RulesInputError


class Command(BaseCommand):
    help = "Open the counter on one more day or evening for some procedures, with their booking slots."

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True)
        parser.add_argument("--day", type=date.fromisoformat, required=True)
        parser.add_argument("--start", type=time.fromisoformat, required=True)
        parser.add_argument("--end", type=time.fromisoformat, required=True)
        parser.add_argument("--procedure", action="append", required=True, dest="procedures")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--by", required=True, help="the supervisor's username (recorded in the audit log)")

    def handle(self, *args, **o):
        try:
            opening, opened = add_opening(
                Actor(o["by"], "supervisor"), o["office"], o["day"], o["start"], o["end"], o["procedures"], o["reason"]
            )
        except (ProblemError, RulesInputError) as e:
            raise CommandError(f"{e.message('ja')} / {e.message('en')}") from None
        self.stdout.write(f"{opening.office_id}: open {opening.day} {opening.start:%H:%M}-{opening.end:%H:%M}, {opened} slots")
