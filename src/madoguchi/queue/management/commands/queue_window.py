"""`madoguchi manage queue_window --window 3 [--office ID] [--procedures a,b] [--open|--closed]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.windows import set_window, windows


class Command(BaseCommand):
    help = "Set what a counter window calls, or open or close it (a supervisor's setting); without options, list the windows."

    def add_arguments(self, parser):
        parser.add_argument("--office", default=None)
        parser.add_argument("--window", type=int)
        parser.add_argument("--procedures", help="comma-separated procedure ids")
        state = parser.add_mutually_exclusive_group()
        state.add_argument("--open", action="store_true")
        state.add_argument("--closed", action="store_true")
        parser.add_argument("--by", default="supervisor", help="who sets it (the audit log's actor)")

    def handle(self, *args, **o):
        from madoguchi.queue.services.common import office_id

        try:
            office = office_id(o["office"])
            if o["window"] is not None:
                procedures = [p.strip() for p in o["procedures"].split(",") if p.strip()] if o["procedures"] else None
                is_open = True if o["open"] else False if o["closed"] else None
                set_window(Actor(o["by"], "supervisor"), office, o["window"], procedures, is_open)
        except QueueError as e:
            raise CommandError(e.message('en')) from None
        for w in windows(office):
            self.stdout.write(f"{w.number}: {'open' if w.open else 'closed'} {', '.join(w.procedures)}")
