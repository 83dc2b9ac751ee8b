"""マイナ免許証: whether a new-card application keeps the driving licence recorded on the card.

From 2025-09-01 a licence on the card carries over to a new card only when the
new card is applied for online (for an expiring card or a full notes field); an
application at the counter, by post or for the express issue loses it, and the
holder re-records it at the police for a fee (FACTS.md §9) [akita-police,
toyama-police]. The dates, the fee and the procedures are national data
(data/national/rules.yaml, driving_licence); the guide and the counter ask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .municipality import Municipality


@dataclass(frozen=True)
class LicenceWarning:
    """Said before an application that would drop the licence: `key` names the
    text (`...licence.<key>` in a message catalog), `online` whether an online
    application would keep it, `fee` the police's re-recording fee in yen."""

    key: str
    online: bool
    fee: int


def licence_can_be_on_card(m: Municipality) -> bool:
    """Whether a licence may be recorded on the card on the view's day."""
    return bool(m.value("driving_licence_on_card"))


def licence_warning(m: Municipality, procedure_id: str) -> LicenceWarning | None:
    """The warning for a counter application of `procedure_id`, on the view's
    day; None if the procedure makes no new card or the licence is not lost."""
    if procedure_id not in m.value("driving_licence_new_card_procedures"):
        return None
    if not (licence_can_be_on_card(m) and m.value("driving_licence_carries_over_only_online")):
        return None
    online = procedure_id in m.value("driving_licence_online_keeps_for")
    fee = int(m.value("driving_licence_re_recording_fee_yen"))
    return LicenceWarning("apply_online_to_keep" if online else "re_record_at_police", online, fee)
