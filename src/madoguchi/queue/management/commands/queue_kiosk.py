"""`madoguchi manage queue_kiosk --name lobby-1 [--office ID] [--revoke]`: bind a reception
tablet to an office. Prints the kiosk's address once (its key is not kept)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from madoguchi.audit.services import Actor
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.kiosks import issue_kiosk, revoke_kiosk


class Command(BaseCommand):
    help = "Issue (or re-issue, or revoke) the key of a reception kiosk; prints the address to open on the tablet."

    def add_arguments(self, parser):
        parser.add_argument("--office", default=None)
        parser.add_argument("--name", required=True, help="the tablet's name: small letters, digits and hyphens")
        parser.add_argument("--revoke", action="store_true")
        parser.add_argument("--by", default="supervisor", help="who issues it (the audit log's actor)")

    def handle(self, *args, **o):
        actor = Actor(o["by"], "supervisor")
        try:
            if o["revoke"]:
                kiosk = revoke_kiosk(actor, o["office"], o["name"])
                self.stdout.write(f"kiosk {kiosk.name} of {kiosk.office_id}: revoked")
                return
            kiosk, key = issue_kiosk(actor, o["office"], o["name"])
        except QueueError as e:
            raise CommandError(e.message("en")) from None
        base = getattr(settings, "MADOGUCHI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
        self.stdout.write(f"kiosk {kiosk.name} of {kiosk.office_id}: open on the tablet (shown once):")
        self.stdout.write(base + reverse("queue:kiosk", kwargs={"lang": "ja", "key": key}))
