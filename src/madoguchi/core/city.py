"""The city this process serves, loaded once from its data files, as the
law stands today (rules/dated.py: a rule changed on a date answers by date)."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from madoguchi.core import clock
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.municipality import Municipality


def municipality() -> Municipality:
    return municipality_on(clock.today())


def municipality_on(day: date) -> Municipality:
    """The city's rules as in force on `day` (a batch run for a past day, a notice made then)."""
    return load_municipality(settings.MADOGUCHI_CITY).as_of(day)
