"""A physical My Number Card, its two certificates and its PIN lock counters.

States and transitions are decided in madoguchi.rules.lifecycle; these rows
only hold them (services/cards_state.py converts both ways).
"""

from __future__ import annotations

from django.db import models

from madoguchi.rules.lifecycle import CARD_STATUSES, CERTIFICATE_STATUSES

from ..derived import renewal_opens
from .residents import Resident

CARD_STATUS_CHOICES = [(s, s) for s in CARD_STATUSES]
CERTIFICATE_STATUS_CHOICES = [(s, s) for s in CERTIFICATE_STATUSES]


class Card(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="cards")
    serial = models.CharField(max_length=32, null=True, blank=True)  # none until J-LIS makes it; unique in Meta
    status = models.CharField(max_length=12, choices=CARD_STATUS_CHOICES)  # indexed in Meta
    issued = models.DateField(null=True, blank=True)  # J-LIS's 発行日
    expires = models.DateField(null=True, blank=True, db_index=True)
    # Derived from `expires` by the validity rules when the card is saved
    # (counter/derived.py, ADR 0018): the forecast counts by it in the database.
    renewal_opens = models.DateField(null=True, blank=True, db_index=True, editable=False)
    expiry_basis = models.CharField(max_length=16, blank=True)  # birthday | period_of_stay
    # 特定在留カード: the card is also the holder's residence card (FACTS.md §9),
    # possible only for a card issued on or after the dated value
    # `tokutei_zairyu_card` (data/national/rules.yaml). Its holder gets no
    # period-of-stay-ending notice (notices/finders.py).
    serves_as_residence_card = models.BooleanField(default=False)
    application_received = models.DateField(null=True, blank=True)
    notes_used = models.PositiveSmallIntegerField(default=0)  # 追記欄 entries written
    notes_capacity = models.PositiveSmallIntegerField(default=4)
    lost = models.BooleanField(default=False)
    return_pending = models.BooleanField(default=False)  # read with its card; no query looks cards up by it
    special_period_used = models.BooleanField(default=False)
    reissue_procedure = models.CharField(max_length=40, blank=True)
    # 国外継続利用: the departure day written on the card face while it is kept abroad.
    departed = models.DateField(null=True, blank=True)
    certificates_requested = models.BooleanField(default=True)  # a new card made with its certificates
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    arrived_at = models.DateTimeField(null=True, blank=True)
    notice_number = models.CharField(max_length=40, blank=True)  # 交付通知書 number, for the pickup booking; indexed in Meta
    handed_over_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        # Equality and IN only: Meta's index and constraint, not db_index/unique=True,
        # which on PostgreSQL add a varchar_pattern_ops twin for LIKE that no query
        # runs (docs/performance.md, "The register's indexes").
        indexes = [
            # Cards ordered or arrived (forecast/register.py pickups); a few among many.
            models.Index(fields=["status"], name="card_status"),
            models.Index(fields=["notice_number"], name="card_notice_number"),  # the pickup letters (notices/finders.py)
        ]
        constraints = [models.UniqueConstraint(fields=["serial"], name="card_serial_unique")]

    def save(self, *args, **kwargs):
        _derive(self, kwargs)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"card {self.pk} ({self.status})"


class Certificate(models.Model):
    class Kind(models.TextChoices):
        USER = "user", "利用者証明用電子証明書 / User certificate"
        SIGNATURE = "signature", "署名用電子証明書 / Signature certificate"

    # No index of its own: the unique (card, kind) below starts with the card.
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="certificates", db_index=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=CERTIFICATE_STATUS_CHOICES, default="none")
    issued = models.DateField(null=True, blank=True)
    # Indexed: the daily notice batch finds the certificates whose renewal
    # window opens today by their expiry date (notices/finders.py).
    expires = models.DateField(null=True, blank=True, db_index=True)
    # Derived from `expires` as on Card (counter/derived.py, ADR 0018).
    renewal_opens = models.DateField(null=True, blank=True, db_index=True, editable=False)

    def save(self, *args, **kwargs):
        _derive(self, kwargs)
        super().save(*args, **kwargs)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "kind"], name="one_certificate_of_each_kind")]


def _derive(row, save_kwargs: dict) -> None:
    """Keep `renewal_opens` true to `expires` on every save, a partial one included."""
    row.renewal_opens = renewal_opens(row.expires)
    fields = save_kwargs.get("update_fields")
    if fields is not None and "expires" in fields and "renewal_opens" not in fields:
        save_kwargs["update_fields"] = [*fields, "renewal_opens"]


class PinCounter(models.Model):
    """Consecutive (or cumulative: the city's setting) wrong entries of one PIN."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="pin_counters")
    pin = models.CharField(max_length=30)  # an id of municipality().pins
    failures = models.PositiveSmallIntegerField(default=0)
    locked = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "pin"], name="one_counter_per_pin")]
