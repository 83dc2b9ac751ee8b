"""`madoguchi manage queue_close_day [--date YYYY-MM-DD]`: for cron after the counter closes."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.queue.services.day_end import close_day


class Command(BaseCommand):
    help = "Close the day's unserved queue tickets with a reason (run it after the counter closes)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to close (default today); earlier days left open are closed too")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD, e.g. 2026-11-24") from None
        closed = close_day(Actor.system(), day)
        total = sum(closed.values())
        self.stdout.write(f"closed {total} ticket(s)" + "".join(f"\n  {office}: {n}" for office, n in sorted(closed.items())))
