"""The city this process serves, loaded once from its data files."""

from __future__ import annotations

from django.conf import settings

from madoguchi.rules.loader import load_municipality
from madoguchi.rules.municipality import Municipality


def municipality() -> Municipality:
    return load_municipality(settings.MADOGUCHI_CITY)
