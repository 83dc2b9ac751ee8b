"""`madoguchi manage open_slots`: store the calendar's slots for bookable procedures.

Run daily (cron) so that residents can always book BOOKING_HORIZON_DAYS ahead;
slots already stored are kept with their bookings and seats.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.errors import BookingError
from madoguchi.rules.errors import RulesInputError
from madoguchi.core.city import municipality


class Command(BaseCommand):
    help = "Open booking slots from the calendar (default: every bookable procedure, today to the booking horizon)."

    def add_arguments(self, parser):
        parser.add_argument("--procedure", action="append", help="a procedure id (repeat for several; default all bookable)")
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="first day, YYYY-MM-DD (default today)")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="last day (default today + horizon)")
        parser.add_argument("--office", default=None, help="office id (default the city's first)")
        parser.add_argument("--seats", type=int, default=None, help="also set the seats per slot for these procedures")

    def handle(self, *args, **options):
        start = options["start"] or clock.today()
        end = options["end"] or start + timedelta(days=settings.BOOKING_HORIZON_DAYS)
        procedures = options["procedure"] or [p.id for p in municipality().catalog.all() if p.bookable]
        total = 0
        try:
            for procedure_id in procedures:
                if options["seats"] is not None:
                    slot_services.set_seats(Actor.system(), options["office"], procedure_id, options["seats"])
                total += slot_services.open_slots(procedure_id, start, end, options["office"])
        except RulesInputError as e:
            raise CommandError(e.message_en) from None
        except BookingError as e:
            raise CommandError(e.text.en) from None
        self.stdout.write(f"opened {total} slots for {len(procedures)} procedures, {start} to {end}")
