"""Tickets, windows and the counters behind them.

A ticket's number is its group's letter and a number that runs from 1 each
day, per office and group, without a gap: it is taken from `NumberCounter`
by one guarded UPDATE ... RETURNING in the issuing transaction, so two
issues never get the same number and a failed issue gives its number back.
No name and no My Number: a ticket says which procedure, not who.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Window(models.Model):
    """A counter window (窓口 3) and the procedures it calls: supervisors set them."""

    office_id = models.CharField(max_length=60)
    number = models.PositiveSmallIntegerField()
    procedures = models.JSONField(default=list)  # procedure ids
    open = models.BooleanField(default=True)
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["office_id", "number"]
        constraints = [models.UniqueConstraint(fields=["office_id", "number"], name="queue_window_unique")]

    def serves(self) -> frozenset[str]:
        return frozenset(self.procedures)


class NumberCounter(models.Model):
    """The last number given in one office, day and group."""

    office_id = models.CharField(max_length=60)
    day = models.DateField()
    letter = models.CharField(max_length=1)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office_id", "day", "letter"], name="queue_counter_unique")]


class Board(models.Model):
    """One row per office, raised by every change of its line: live screens watch it."""

    office_id = models.CharField(max_length=60, unique=True)
    version = models.PositiveBigIntegerField(default=0)


class Ticket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting"
        CALLED = "called"
        SERVING = "serving"
        DONE = "done"
        SKIPPED = "skipped"  # called, not here
        CLOSED = "closed"  # never served: `close_reason` says why

    class Kind(models.TextChoices):
        BOOKED = "booked"
        WALK_IN = "walk-in"

    office_id = models.CharField(max_length=60)
    day = models.DateField()
    letter = models.CharField(max_length=1)
    number = models.PositiveIntegerField()
    procedure_id = models.CharField(max_length=60)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    booking = models.OneToOneField("booking.Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="queue_ticket")
    booked_at = models.DateTimeField(null=True, blank=True)  # the booking's time
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    close_reason = models.CharField(max_length=40, blank=True)
    window = models.PositiveSmallIntegerField(null=True, blank=True)  # calling window, or the one it was sent to
    transferred_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    served_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    calls = models.PositiveSmallIntegerField(default=0)  # 1 when called; recalls add to it
    estimate_minutes = models.PositiveIntegerField()  # the wait estimated at issue, beside the actual one
    token = models.CharField(max_length=32, unique=True)  # the phone page's link (not guessable)
    # Personal data, optional: where to tell the resident their turn is near. Kept for
    # the day only (day_end erases it); every write and every mail is audited.
    email = models.CharField(max_length=254, blank=True)
    lang = models.CharField(max_length=5, default="ja")  # the language of the ticket's pages and its mail
    near_told_at = models.DateTimeField(null=True, blank=True)  # the "your turn is near" mail went (once)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["office_id", "day", "letter", "number"], name="queue_ticket_number_unique"),
            models.CheckConstraint(condition=~Q(state="closed") | ~Q(close_reason=""), name="queue_closed_has_reason"),
        ]
        indexes = [models.Index(fields=["office_id", "day", "state"])]

    @property
    def label(self) -> str:
        """The number a person says aloud: A-012."""
        return f"{self.letter}-{self.number:03d}"

    @property
    def waited_minutes(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds() / 60

    def __str__(self) -> str:
        return f"{self.label} {self.office_id} {self.day}"


class DayWait(models.Model):
    """The waits of one day, per office, procedure and hour of issue: kept by the day's
    end for the forecast, and beside them the estimates' error (the figures the
    supervisors' estimate page shows for a past day)."""

    office_id = models.CharField(max_length=60)
    day = models.DateField()
    procedure_id = models.CharField(max_length=60)
    hour = models.PositiveSmallIntegerField()  # hour of issue, Tokyo time
    tickets = models.PositiveIntegerField()  # issued in that hour
    called = models.PositiveIntegerField()  # of them, called (the waits below are theirs)
    mean_wait = models.FloatField(null=True)
    p90_wait = models.FloatField(null=True)
    mean_error = models.FloatField(null=True)  # actual minus estimated wait
    p90_error = models.FloatField(null=True)  # of the absolute error

    class Meta:
        ordering = ["office_id", "day", "procedure_id", "hour"]
        constraints = [models.UniqueConstraint(fields=["office_id", "day", "procedure_id", "hour"], name="queue_daywait_unique")]


class Kiosk(models.Model):
    """A tablet at reception that issues tickets for one office, without a login: bound
    by a key a supervisor issued (`madoguchi manage queue_kiosk`). Only the key's
    SHA-256 is kept; a kiosk revoked stops issuing at once."""

    office_id = models.CharField(max_length=60)
    name = models.CharField(max_length=40)  # the tablet's name, by the supervisor: "lobby-1"
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["office_id", "name"]
        constraints = [models.UniqueConstraint(fields=["office_id", "name"], name="queue_kiosk_unique")]
