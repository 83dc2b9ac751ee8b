"""Slots, bookings, the cards waiting to be collected and the waiting list.

A slot's `booked` counter is the only capacity figure: it is raised by one
guarded UPDATE in the booking's transaction (services/bookings.py), so two
writers can never both take the last seat. No My Number is stored anywhere
here; a booking holds only the name and one contact the resident gave.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class SlotCapacity(models.Model):
    """The seats per slot staff set for one office and procedure."""

    office_id = models.CharField(max_length=60)
    procedure_id = models.CharField(max_length=60)
    seats = models.PositiveIntegerField()
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=150)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office_id", "procedure_id"], name="booking_capacity_unique")]


class Slot(models.Model):
    office_id = models.CharField(max_length=60)
    procedure_id = models.CharField(max_length=60)
    date = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    capacity = models.PositiveIntegerField()
    booked = models.PositiveIntegerField(default=0)
    blocked = models.BooleanField(default=False)
    block_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office_id", "procedure_id", "date", "start"], name="booking_slot_unique"),
            # The database itself refuses an overbooked slot, whatever the code does.
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")) | Q(blocked=True), name="booking_slot_not_overbooked"),
        ]
        indexes = [models.Index(fields=["procedure_id", "date"])]

    @property
    def remaining(self) -> int:
        return 0 if self.blocked else max(0, self.capacity - self.booked)

    def __str__(self) -> str:
        return f"{self.procedure_id}@{self.office_id} {self.date} {self.start:%H:%M}"


class PickupNotice(models.Model):
    """A card J-LIS made that has arrived at the office: its 交付通知書's number and holder."""

    class Status(models.TextChoices):
        WAITING = "waiting"
        BOOKED = "booked"
        HANDED_OVER = "handed_over"

    notice_number = models.CharField(max_length=40, unique=True)
    birth_date = models.DateField()
    holder_name = models.CharField(max_length=100)
    office_id = models.CharField(max_length=60)
    pickup_deadline = models.DateField()
    card_ref = models.CharField(max_length=60, blank=True)
    arrived_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)


class PickupFailure(models.Model):
    """One wrong notice number / birth date pair, counted per client and per number for the locks."""

    client_key = models.CharField(max_length=64, db_index=True)  # HMAC of the address, never the address
    notice_key = models.CharField(max_length=64, db_index=True, blank=True, default="")  # HMAC of the number tried
    at = models.DateTimeField(db_index=True)


class LinkRequest(models.Model):
    """One "send my link again" request, counted per client and per reference for the limit."""

    client_key = models.CharField(max_length=64, db_index=True)  # HMAC of the address, never the address
    reference_key = models.CharField(max_length=64, db_index=True)  # HMAC of the reference typed
    at = models.DateTimeField(db_index=True)


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed"
        CHECKED_IN = "checked_in"
        NO_SHOW = "no_show"
        CANCELLED = "cancelled"

    reference = models.CharField(max_length=12, unique=True)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    procedure_id = models.CharField(max_length=60)
    name = models.CharField(max_length=100)
    name_kana = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    party_size = models.PositiveSmallIntegerField(default=1)
    language = models.CharField(max_length=5, default="ja")  # ja, en or easy: the notices about it follow
    token_hash = models.CharField(max_length=64, unique=True)
    # The secret link's seed (tokens.link_token): a mail can give the link again. Blank on older rows.
    link_seed = models.CharField(max_length=32, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    pickup = models.ForeignKey(PickupNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings")
    created_at = models.DateTimeField()
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # Set when the city must tell the resident something: the slot was blocked,
    # or a seat came free for them from the waiting list.
    needs_notice = models.BooleanField(default=False)
    notice_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["slot__date", "slot__start", "id"]
        indexes = [models.Index(fields=["slot", "status"])]

    @property
    def active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.CHECKED_IN)


class WaitingEntry(models.Model):
    """A resident waiting for a seat in a full slot; served in order of `id`."""

    class Status(models.TextChoices):
        WAITING = "waiting"
        BOOKED = "booked"
        LEFT = "left"

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="waiting")
    procedure_id = models.CharField(max_length=60)
    name = models.CharField(max_length=100)
    name_kana = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    party_size = models.PositiveSmallIntegerField(default=1)
    language = models.CharField(max_length=5, default="ja")
    token_hash = models.CharField(max_length=64, unique=True)
    link_seed = models.CharField(max_length=32, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField()
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["slot", "status"])]
