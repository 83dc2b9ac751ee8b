"""The cancellation waiting list: a freed seat goes to the next in line.

Seats freed by a cancellation, a moved booking or more capacity are given to
the waiting residents in the order they joined, inside the same transaction
that freed them, so there is never a moment when a seat is free for whoever
refreshes first. While anyone waits, a new booking cannot take the slot
(seats.take_seats). Strictly in order: if the first in line needs more
seats than are free, the others wait behind them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.messages import section

from ..models import Slot, WaitingEntry
from .errors import BookingError
from . import confirmations
from .seats import check_bookable, create_booking
from .tokens import new_link, token_hash
from .visitor import Visitor

MESSAGES = section("booking.waiting_list")  # texts in booking/services/messages.yaml

PROMOTED = "waiting_list_promoted"


@dataclass(frozen=True)
class WaitingConfirmation:
    entry: WaitingEntry
    token: str


def join(actor: Actor, slot: Slot, visitor: Visitor) -> WaitingConfirmation:
    """Queue for a full slot. The same secret link later shows the booking, if a seat comes."""
    if slot.procedure_id == settings.BOOKING_PICKUP_PROCEDURE:
        # The card waits at the office until its deadline; there is no queue for a time.
        raise BookingError("no_waiting_list", MESSAGES["no_waiting_list"], status=422, field="procedure")
    check_bookable(slot, slot.procedure_id)
    seed, token = new_link()
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        someone_waits = WaitingEntry.objects.filter(slot=slot, status=WaitingEntry.Status.WAITING).exists()
        if slot.remaining >= visitor.party_size and not someone_waits:
            raise BookingError("not_full", MESSAGES["not_full"], status=409, field="slot_id")
        entry = WaitingEntry.objects.create(
            slot=slot,
            procedure_id=slot.procedure_id,
            name=visitor.name,
            name_kana=visitor.name_kana,
            email=visitor.email,
            phone=visitor.phone,
            party_size=visitor.party_size,
            language=visitor.language,
            token_hash=token_hash(token),
            link_seed=seed,
            created_at=clock.now(),
        )
        record(actor, "create", "waiting-entry", entry.pk, detail={"slot": slot.pk, "party_size": visitor.party_size})
        confirmations.tell(confirmations.WAITING_JOINED, entry)
    return WaitingConfirmation(entry, token)


def find_by_token(actor: Actor, token: str) -> WaitingEntry | None:
    if not token or len(token) > 100:
        return None
    entry = WaitingEntry.objects.select_related("slot").filter(token_hash=token_hash(token)).first()
    if entry is not None:
        with transaction.atomic():
            record(actor, "read", "waiting-entry", entry.pk, reason="resident opened the secret link")
    return entry


def position(entry: WaitingEntry) -> int:
    """1 for the first in line."""
    return WaitingEntry.objects.filter(slot_id=entry.slot_id, status=WaitingEntry.Status.WAITING, id__lt=entry.id).count() + 1


def leave(actor: Actor, entry: WaitingEntry) -> WaitingEntry:
    with transaction.atomic():
        entry = WaitingEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != WaitingEntry.Status.WAITING:
            raise BookingError("not_waiting", MESSAGES["not_waiting"], status=409)
        entry.status = WaitingEntry.Status.LEFT
        entry.save(update_fields=["status"])
        record(actor, "cancel", "waiting-entry", entry.pk, detail={"slot": entry.slot_id})
        confirmations.tell(confirmations.WAITING_LEFT, entry)
        # Those behind may now fit where this one did not.
        promote(entry.slot_id)
    return entry


def promote(slot_id: int) -> list[int]:
    """Give free seats to the waiting residents in order. Call inside the freeing transaction."""
    promoted: list[int] = []
    slot = Slot.objects.get(pk=slot_id)
    for entry in WaitingEntry.objects.select_for_update().filter(slot_id=slot_id, status=WaitingEntry.Status.WAITING).order_by("id"):
        visitor = Visitor(entry.name, entry.name_kana, entry.email, entry.phone, entry.party_size, entry.language)
        booking = create_booking(
            Actor.system(),
            slot.pk,
            slot.procedure_id,
            visitor,
            token_digest=entry.token_hash,
            link_seed=entry.link_seed,
            respect_waiting_list=False,
            notice_reason=PROMOTED,
        )
        if booking is None:
            break  # strictly in order: the first in line does not fit yet
        entry.status = WaitingEntry.Status.BOOKED
        entry.booking = booking
        entry.save(update_fields=["status", "booking"])
        promoted.append(booking.pk)
    return promoted
