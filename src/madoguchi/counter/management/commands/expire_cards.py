"""`madoguchi manage expire_cards`: mark every usable card past its last day expired (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from madoguchi.audit.services import Actor
from madoguchi.counter.services.returns import expire_due_cards


class Command(BaseCommand):
    help = "Mark cards past their expiry as expired and flag them for return (run once a day)."

    def handle(self, *args, **options):
        count = expire_due_cards(Actor.system())
        self.stdout.write(f"{count} card(s) expired / {count}枚を期限切れにしました")
