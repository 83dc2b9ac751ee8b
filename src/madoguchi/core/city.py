"""The city this process serves, loaded once from its data files, as the
law stands today (rules/dated.py: a rule changed on a date answers by date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings

from madoguchi.core import clock
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.calendar import Opening
from madoguchi.rules.municipality import Municipality

StaffOpenings = Callable[[], tuple[tuple[str, Opening], ...]]
# The one source of staff-set dated openings (forecast.openings registers it
# when the app is ready): the kernel asks for them as data, and never imports
# the app that keeps them.
_staff_openings: list[StaffOpenings] = []


def register_staff_openings(source: StaffOpenings) -> None:
    _staff_openings[:] = [source]


def serving_city() -> str:
    """The city this process serves: its data folder (settings.MADOGUCHI_CITY, which
    `madoguchi --city X` and the tests set), read on each call so that it follows them."""
    return settings.MADOGUCHI_CITY


def municipality() -> Municipality:
    return municipality_on(clock.today())


def municipality_on(day: date) -> Municipality:
    """The city's rules as in force on `day` (a batch run for a past day, a notice made then),
    its calendars with the dated openings staff set beside the data file's."""
    view = load_municipality(serving_city()).as_of(day)
    return view.with_openings(_staff_openings[0]()) if _staff_openings else view
