"""マイナ保険証: until when a card past its expiry still works as the health insurance card.

Paper insurance cards ended on 2025-12-01 (資格確認書 replace them). A card, or
its user certificate, past expiry still works as 保険証 for about three months:
expiry in February, usable to the end of May (FACTS.md §9) [matsuyama-hoken,
tama-hoken]. The number of months is a dated national value
(data/national/rules.yaml, health_insurance); 0 before it.
"""

from __future__ import annotations

import calendar
from datetime import date

from .municipality import Municipality


def insurance_usable_until(m: Municipality, expires: date | None) -> date | None:
    """The last day a card (or certificate) expiring on `expires` still works as
    保険証, by the law of the view's day; None if there is no such grace."""
    months = int(m.value("insurance_months_usable_after_expiry"))
    if expires is None or months <= 0:
        return None
    index = expires.year * 12 + (expires.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def card_insurance_usable_until(m: Municipality, card_expires: date | None, certificate_expires: date | None) -> date | None:
    """For a card: the grace runs from the earlier of the card's and its user
    certificate's expiry (the insurance check reads the user certificate)."""
    ends = [d for d in (card_expires, certificate_expires) if d is not None]
    return insurance_usable_until(m, min(ends)) if ends else None
