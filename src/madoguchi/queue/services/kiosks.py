"""Kiosks: tablets at reception that issue tickets without a login, each bound to one
office by a key a supervisor issues. The key is shown once; only its hash is kept."""

from __future__ import annotations

import re

from django.db import transaction

from madoguchi.audit.services import Actor, record
from madoguchi.booking.services.tokens import new_token, token_hash
from madoguchi.core import clock

from ..models import Kiosk
from .common import office_id
from .errors import QueueError

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def issue_kiosk(actor: Actor, office: str | None, name: str) -> tuple[Kiosk, str]:
    """A new kiosk (or a new key for one of that name: the old key stops working).
    Returns the kiosk and its key, which is not kept and cannot be shown again."""
    office = office_id(office)
    if not NAME.match(name or ""):
        raise QueueError("kiosk_name", field="name")
    key = new_token()
    with transaction.atomic():
        kiosk, _ = Kiosk.objects.update_or_create(office_id=office, name=name, defaults={
            "key_hash": token_hash(key), "created_at": clock.now(), "created_by": actor.name, "revoked_at": None})
        record(actor, "issue-key", "queue-kiosk", f"{office}:{name}")
    return kiosk, key


def revoke_kiosk(actor: Actor, office: str | None, name: str) -> Kiosk:
    office = office_id(office)
    with transaction.atomic():
        kiosk = Kiosk.objects.select_for_update().filter(office_id=office, name=name).first()
        if kiosk is None:
            raise QueueError("kiosk_unknown", status=404, field="name")
        kiosk.revoked_at = clock.now()
        kiosk.save(update_fields=["revoked_at"])
        record(actor, "revoke", "queue-kiosk", f"{office}:{name}")
    return kiosk


def kiosk_for(key: str) -> Kiosk | None:
    """The kiosk of a key, if it is one and not revoked."""
    if not key:
        return None
    return Kiosk.objects.filter(key_hash=token_hash(key), revoked_at__isnull=True).first()


def actor_of(kiosk: Kiosk) -> Actor:
    return Actor(f"kiosk:{kiosk.name}", "kiosk")
