"""What the register says is coming: a count per day and procedure, by GROUP BY.

Each count is over a date the validity rules derived and the database keeps
(Card.renewal_opens, Certificate.renewal_opens, Card.expires: ADR 0018), with
the same conditions as the letters that invite those residents
(notices/finders.py), so the forecast and the letters name the same people.
No card is walked in Python: a day's count is one row of an aggregate.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.counter.models import Card, Certificate
from madoguchi.rules import forecast as fc

DailyCounts = dict[str, Counter]  # procedure -> Counter(day -> residents)


def certificate_windows(start: date, end: date) -> Counter:
    """User certificates (active, on an active card) whose renewal window opens on each day."""
    rows = (
        Certificate.objects.filter(kind="user", status="active", card__status="active", renewal_opens__range=(start, end))
        .values_list("renewal_opens")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter(dict(rows))


def card_windows(start: date, end: date) -> Counter:
    """Active cards ending on a birthday whose renewal window opens on each day."""
    rows = (
        Card.objects.filter(status="active", expiry_basis="birthday", renewal_opens__range=(start, end))
        .values_list("renewal_opens")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter(dict(rows))


def stays_ending(start: date, end: date) -> Counter:
    """Active cards that end with a period of stay on each day (a 特定在留カード's holder goes to immigration, not here)."""
    rows = (
        Card.objects.filter(status="active", expiry_basis="period_of_stay", serves_as_residence_card=False, expires__range=(start, end))
        .values_list("expires")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter(dict(rows))


def pickups(start: date, end: date) -> Counter:
    """Cards J-LIS is making or has delivered, by the day their holder is expected to collect them.

    A card ordered on D is expected the catalog's processing days later (its
    procedure's `typical_days`); an arrived card, from the day it arrived. A
    day already past counts on today: the card still waits for its holder.
    """
    catalog = municipality().catalog
    today = clock.today()
    found: Counter = Counter()
    ordered = (
        Card.objects.filter(status="ordered").exclude(application_received=None)
        .values_list("application_received", "reissue_procedure").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    for received, procedure, n in ordered:
        days = catalog.procedures[procedure].processing.typical_days if procedure in catalog.procedures else None
        found[max(today, fc.pickup_day(received, days or _card_days(catalog)))] += n
    arrived = Card.objects.filter(status="arrived").values_list("arrived_at__date").annotate(n=Count("id")).order_by()
    for day, n in arrived:
        found[max(today, day or today)] += n
    return Counter({d: n for d, n in found.items() if start <= d <= end})


def _card_days(catalog) -> int | None:
    return catalog.procedures[fc.CARD_RENEWAL].processing.typical_days if fc.CARD_RENEWAL in catalog.procedures else None


def card_processing_days() -> int:
    """Days J-LIS takes to make a renewed card (the catalog's card-renewal)."""
    return _card_days(municipality().catalog) or 0


def register_counts(start: date, end: date) -> DailyCounts:
    """Residents the register names, per register-driven procedure and day."""
    return {
        fc.CERTIFICATE_RENEWAL: certificate_windows(start, end),
        fc.CARD_RENEWAL: card_windows(start, end),
        fc.PERIOD_OF_STAY: stays_ending(start, end),
        fc.PICKUP: pickups(start, end),
    }
