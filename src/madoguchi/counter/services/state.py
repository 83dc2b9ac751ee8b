"""Between the card's rows and the rules' frozen `Card`: read it, write it back."""

from __future__ import annotations

from madoguchi.rules import lifecycle as lc

from ..models import Card, Certificate, PinCounter, Resident


def holder_of(resident: Resident) -> lc.Holder:
    return lc.Holder(
        birth_date=resident.birth_date,
        period_of_stay_end=resident.period_of_stay_end,
        japanese_national=not resident.is_foreign,
        adult_ward=resident.adult_ward,
    )


def state_of(card: Card) -> lc.Card:
    certs = {c.kind: lc.Certificate(c.status, c.issued, c.expires) for c in card.certificates.all()}
    pins = {p.pin: lc.Pin(p.failures, p.locked) for p in card.pin_counters.all()}
    return lc.Card(
        status=card.status,
        issued=card.issued,
        expires=card.expires,
        expiry_basis=card.expiry_basis,
        application_received=card.application_received,
        notes_used=card.notes_used,
        notes_capacity=card.notes_capacity,
        user_certificate=certs.get("user", lc.Certificate()),
        signature_certificate=certs.get("signature", lc.Certificate()),
        pins=pins,
        lost=card.lost,
        return_pending=card.return_pending,
        special_period_used=card.special_period_used,
        reissue_procedure=card.reissue_procedure,
        departed=card.departed,
    )


def store(card: Card, state: lc.Card) -> None:
    """Write the rules' answer to the rows (the card must be saved already or new)."""
    for field in (
        "status", "issued", "expires", "expiry_basis", "application_received", "notes_used",
        "notes_capacity", "lost", "return_pending", "special_period_used", "reissue_procedure", "departed",
    ):  # fmt: skip
        setattr(card, field, getattr(state, field))
    card.save()
    for kind, cert in (("user", state.user_certificate), ("signature", state.signature_certificate)):
        Certificate.objects.update_or_create(
            card=card, kind=kind, defaults={"status": cert.status, "issued": cert.issued, "expires": cert.expires}
        )
    for pin_id, pin in state.pins.items():
        PinCounter.objects.update_or_create(card=card, pin=pin_id, defaults={"failures": pin.failures, "locked": pin.locked})
