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


class ExtraOpening(models.Model):
    """A dated opening a supervisor set: a Saturday or an evening the counter opens
    for the renewal wave. The calendar reads these beside the data file's
    `openings` (forecast/openings.py), so every surface sees the same day; it
    never opens a holiday, the year end or the maintenance Sunday
    (rules.calendar.STAFF_OVERRIDABLE). Applied with one audit entry."""

    office_id = models.CharField(max_length=60)
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    procedures = models.JSONField(default=list)  # procedure ids; [] = every counter procedure
    reason = models.CharField(max_length=200)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["day", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office_id", "day", "start"], name="one_extra_opening_per_start"),
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="extra_opening_starts_before_end"),
        ]
