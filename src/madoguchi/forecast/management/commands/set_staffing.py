"""`madoguchi manage set_staffing --office ID (--weekday N | --day YYYY-MM-DD) --clerks N --by USER`:
the clerks serving at an office, for the forecast's capacity (audited)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.core.problems import ProblemError
from madoguchi.forecast.services.staffing import set_staffing


class Command(BaseCommand):
    help = "Set how many clerks serve at an office on a weekday (0 = Monday) or on one date."

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True)
        parser.add_argument("--weekday", type=int)
        parser.add_argument("--day", type=date.fromisoformat)
        parser.add_argument("--clerks", type=int, required=True)
        parser.add_argument("--by", required=True, help="the supervisor's username (recorded in the audit log)")

    def handle(self, *args, **o):
        try:
            row = set_staffing(Actor(o["by"], "supervisor"), o["office"], o["clerks"], weekday=o["weekday"], day=o["day"])
        except ProblemError as e:
            raise CommandError(f"{e.message('ja')} / {e.message('en')}") from None
        self.stdout.write(f"{row.office_id}: {row.clerks} clerks on {row.day or f'weekday {row.weekday}'}")
