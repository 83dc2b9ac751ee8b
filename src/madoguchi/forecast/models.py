"""What supervisors set for the capacity plan: how many clerks serve at an office."""

from __future__ import annotations

from django.db import models


class Staffing(models.Model):
    """Clerks at the counter on a weekday (every week) or on one date (which wins).

    Without a row, an office has as many clerks as it has open queue windows.
    The clerks' minutes are the calendar's open minutes of the day times the
    clerks (forecast/capacity.py).
    """

    office_id = models.CharField(max_length=60)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)  # 0 = Monday
    day = models.DateField(null=True, blank=True)
    clerks = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(weekday__isnull=True) ^ models.Q(day__isnull=True)), name="staffing_weekday_or_day"
            ),
            models.UniqueConstraint(fields=["office_id", "weekday"], name="one_staffing_per_weekday"),
            models.UniqueConstraint(fields=["office_id", "day"], name="one_staffing_per_day"),
        ]
