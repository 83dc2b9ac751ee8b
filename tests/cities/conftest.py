"""Every city folder under data/ (except national), run through every surface.

How a test picks its city: the settings' MADOGUCHI_CITY (core.city.municipality()
reads it on each call; the loader keeps one Municipality per city id, so no
cache holds another city's). `use_city` switches it cleanly: the setting, the
city's mail sender (DEFAULT_FROM_EMAIL is read from city.yaml when the settings
load) and the page cache emptied.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from madoguchi.core import clock
from madoguchi.rules.loader import DATA_ROOT, city_mail_from, load_municipality
from madoguchi.rules.municipality import Municipality

CITIES = sorted(p.name for p in DATA_ROOT.iterdir() if p.is_dir() and p.name != "national" and (p / "city.yaml").is_file())
# Friday 20 November 2026, 10:00 Tokyo time: the 22nd is the maintenance Sunday,
# the 23rd a national holiday. Each city's next open day is asked of its calendar.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=clock.TOKYO)


def use_city(settings, city: str) -> Municipality:
    """Serve `city` for the rest of the test (pytest-django restores the settings)."""
    from django.core.cache import caches

    settings.MADOGUCHI_CITY = city
    settings.DEFAULT_FROM_EMAIL = city_mail_from(city)
    for cache in caches.all(initialized_only=True):
        cache.clear()
    return load_municipality(city)


@pytest.fixture(params=CITIES)
def city(request, settings) -> Municipality:
    """The test runs once per city folder, with that city served."""
    with clock.pinned(NOW):
        yield use_city(settings, request.param)


def other_cities_names(m: Municipality) -> list[str]:
    """What must never show on this city's pages: the other cities' names and offices."""
    names = []
    for other in CITIES:
        if other != m.city.id:
            o = load_municipality(other).city
            names += [o.name.ja, o.name.en, o.id] + [office.name.ja for office in o.offices]
    return names


def first_open_day(m: Municipality, procedure: str, after: date) -> date:
    """The first day after `after` the city's first office takes `procedure`."""
    day = after + timedelta(days=1)
    while not m.day(procedure, day).open:
        day += timedelta(days=1)
    return day
