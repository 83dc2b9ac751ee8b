"""The dates the validity rules derive from a card's and a certificate's expiry,
kept beside them so the database can count them (ADR 0018).

`renewal_opens` is the first day a renewal is taken: rules.validity.renewal_window_opens
of the stored expiry, with the city's rules (the day-after/same-day reading
and the window's months are city settings). It is written whenever a card or
certificate is saved (models/cards.py), by the resident import's bulk writer
(imports/load.py) and by `backfill` (the migration that adds the column, and
`madoguchi manage derive_dates` after a city changes those settings). The rule
itself is never restated here: this module only calls it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

from madoguchi.rules.validity import ValidityRules, renewal_window_opens


@functools.lru_cache(maxsize=16384)
def _opens(rules: ValidityRules, expires: date) -> date:
    return renewal_window_opens(rules, expires)


def renewal_opens_with(rules: ValidityRules, expires: date | None) -> date | None:
    """The renewal window's first day for `expires` under `rules` (None: no expiry)."""
    return None if expires is None else _opens(rules, expires)


def renewal_opens(expires: date | None) -> date | None:
    """The renewal window's first day for `expires`, with the rules this city has today."""
    if expires is None:
        return None
    from django.conf import settings

    from madoguchi.core import clock

    return _opens(_rules(settings.MADOGUCHI_CITY, clock.today()), expires)


def renewal_opens_today() -> Callable[[date | None], date | None]:
    """`renewal_opens` with today's rules looked up once (a batch of an import asks
    for thousands of expiries on the same day)."""
    from django.conf import settings

    from madoguchi.core import clock

    return functools.partial(renewal_opens_with, _rules(settings.MADOGUCHI_CITY, clock.today()))


@functools.lru_cache(maxsize=4)
def _rules(city: str, today: date) -> ValidityRules:
    # municipality().validity costs ~30 µs (the dated values are resolved each
    # time); the import writes a million rows, so the day's rules are kept.
    from madoguchi.rules.loader import load_municipality

    return load_municipality(city).as_of(today).validity


def backfill(card_model, certificate_model, rules: ValidityRules, progress: Callable[[str], None] | None = None) -> int:
    """Set `renewal_opens` on every card and certificate from its expiry; the rows changed.

    One UPDATE per distinct expiry date (a few thousand for a whole register),
    not one per row: the rule is asked once per date. Takes the models so the
    migration can pass its historical ones.
    """
    changed = 0
    for model in (card_model, certificate_model):
        expiries = model.objects.exclude(expires=None).values_list("expires", flat=True).distinct().order_by()
        for expires in expiries:
            opens = renewal_opens_with(rules, expires)
            changed += model.objects.filter(expires=expires).exclude(renewal_opens=opens).update(renewal_opens=opens)
        changed += model.objects.filter(expires=None).exclude(renewal_opens=None).update(renewal_opens=None)
        if progress:
            progress(model.__name__)
    return changed
