"""Cases (one per procedure done at the counter), their receipts, and the
register of returned cards."""

from __future__ import annotations

from django.db import models

from .cards import Card
from .residents import Resident


class Case(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="cases")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    action = models.CharField(max_length=40)  # the action (rules/lifecycle/actions.py), e.g. lift-suspension
    procedure = models.CharField(max_length=40, blank=True)  # the catalog's id; blank for a record (report-found ...)
    channel = models.CharField(max_length=10, default="counter")
    # The office it was done at (the city's office id); null on cases recorded before cases kept it.
    office_id = models.CharField(max_length=60, null=True, blank=True)
    # A renewal's window: the renewed certificate's or card's `renewal_opens`
    # as it stood before the case moved it on (the forecast measures when
    # residents come after their window opens); null otherwise and on older cases.
    window_opened = models.DateField(null=True, blank=True)
    applicant_type = models.CharField(max_length=30, blank=True)
    applicant_name = models.CharField(max_length=120, blank=True)  # who came (the resident, a proxy ...)
    conditions = models.JSONField(default=list, blank=True)
    documents_checked = models.JSONField(default=list, blank=True)
    fee_items = models.JSONField(default=list, blank=True)  # [{item, label, yen}]
    fee_total = models.PositiveIntegerField(default=0)
    clerk = models.CharField(max_length=150)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, default="completed")
    effects = models.JSONField(default=list, blank=True)
    offers = models.JSONField(default=list, blank=True)  # follow-up procedures offered

    class Meta:
        ordering = ["-completed_at", "-id"]


class Receipt(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="receipt")
    number = models.CharField(max_length=20, unique=True)  # R<year>-<6 digits>
    issued_at = models.DateTimeField()
    total = models.PositiveIntegerField()
    items = models.JSONField(default=list)


class ReturnedCard(models.Model):
    """返納 register: every card the counter took back, and why."""

    card = models.OneToOneField(Card, on_delete=models.PROTECT, related_name="return_record")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="returned_cards")
    reason = models.CharField(max_length=40)  # a case id of the catalog's card-return
    received_at = models.DateTimeField()
    clerk = models.CharField(max_length=150)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT)
