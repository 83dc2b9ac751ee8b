"""Notices: one row per letter or message, made exactly once.

`key` is unique: it names the kind, the subject, the date the notice is about,
how far ahead, and the channel. Every batch, rerun, resumed or concurrent,
computes the same keys, so the database itself refuses a second copy.
"""

from __future__ import annotations

from django.db import models


class Notice(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "未処理 pending"
        SENDING = "sending", "送信中 sending"  # claimed by a sender; left here only by a crash
        SENT = "sent", "送信済み sent"
        PRINTED = "printed", "印刷済み printed"
        FAILED = "failed", "送信失敗 failed"
        UNDELIVERABLE = "undeliverable", "返戻 returned undeliverable"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=10)  # letter | mail
    due_on = models.DateField(db_index=True)  # the batch day that made it
    deadline = models.DateField()  # what it is about: expiry, stay end, pickup deadline, booked day
    lead_days = models.PositiveIntegerField(default=0)
    subject_type = models.CharField(max_length=30)  # certificate, card, pickup, booking
    subject_id = models.CharField(max_length=64)
    resident_ref = models.CharField(max_length=64, blank=True)
    procedure = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=5, default="ja")
    # The recipient as addressed on the day it was made, so that a reprint
    # shows what was sent.
    name = models.CharField(max_length=200)
    postal_address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "kind", "id"]
        indexes = [models.Index(fields=["channel", "state", "due_on"])]

    def __str__(self) -> str:
        return self.key


class BatchRun(models.Model):
    """A day's batch that finished: the next run catches up from the day after."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
