"""What is due on a card today: what the clerk should raise with the resident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..validity import ValidityRules, renewal_window_opens
from .data import LifecycleRules
from .transitions import Card, Holder


@dataclass(frozen=True)
class Due:
    code: str  # card_expires_soon, stay_ends_soon, suspended, return_pending, certificates_renewable, pin_locked
    on: date | None = None


def due(card: Card, holder: Holder, rules: ValidityRules, life: LifecycleRules, *, today: date) -> tuple[Due, ...]:
    """What the clerk should raise with the resident about this card today."""
    out: list[Due] = []
    status = card.status_on(today)
    horizon = date.fromordinal(today.toordinal() + life.expiry_warning_days)
    if status in ("active", "suspended") and card.expires is not None and card.expires <= horizon:
        code = "stay_ends_soon" if card.expiry_basis == "period_of_stay" else "card_expires_soon"
        out.append(Due(code, card.expires))
    if status == "suspended":
        out.append(Due("suspended"))
    if card.return_pending or status == "expired":
        out.append(Due("return_pending"))
    if status == "arrived":
        out.append(Due("ready_for_pickup"))
    user = card.user_certificate
    if status == "active" and user.status_on(today) == "active" and user.expires is not None:
        opens = renewal_window_opens(rules, user.expires)
        if today >= opens:
            out.append(Due("certificates_renewable", user.expires))
    if status == "active" and user.status_on(today) == "expired":
        out.append(Due("certificates_expired", user.expires))
    if status == "active" and any(pin.locked for pin in card.pins.values()):
        out.append(Due("pin_locked"))
    return tuple(out)
