"""`madoguchi manage derive_dates`: recompute every card's and certificate's
renewal_opens from its expiry (counter/derived.py). Run it after the city
changes the renewal window's settings (renewal_window_starts, the months)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from madoguchi.core.city import municipality
from madoguchi.counter.derived import backfill
from madoguchi.counter.models import Card, Certificate


class Command(BaseCommand):
    help = "Recompute the stored renewal-window dates of every card and certificate from their expiry."

    def handle(self, *args, **options):
        changed = backfill(Card, Certificate, municipality().validity, progress=lambda name: self.stdout.write(f"  {name}: done"))
        self.stdout.write(f"renewal_opens: {changed} rows changed")
