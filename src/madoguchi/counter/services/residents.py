"""Finding a resident and opening their record: every read is audited."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import section
from madoguchi.rules import lifecycle as lc
from madoguchi.rules.insurance import card_insurance_usable_until
from madoguchi.rules.lifecycle.actions import offered_actions
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.rules.lifecycle.due import Due, due
from madoguchi.rules.text import LANGUAGES
from madoguchi.core.city import municipality

from ..models import Card, Resident
from ..models.residents import CodePoints
from .errors import BadInput, NotFound
from .state import holder_of, state_of

MESSAGES = section("counter.residents")  # texts in counter/services/messages.yaml
SEARCH_LIMIT = 50


# The cards that may still work as 保険証: in use, kept abroad, or past expiry (the grace).
INSURANCE_CARDS = ("active", "abroad", "expired")


@dataclass(frozen=True)
class CardView:
    card: Card
    state: lc.Card
    status: str  # as of today (an active card past its expiry is expired)
    due: tuple[Due, ...]
    offered: tuple[str, ...] = ()  # the actions its page offers (the registry's rule of states)
    insurance_until: date | None = None  # マイナ保険証: the last day it works as 保険証 (rules/insurance.py)


def normalise_kana(value: str) -> str:
    """Full-width, katakana, no spaces: how names are stored and searched."""
    text = unicodedata.normalize("NFKC", value or "").replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def parse_birth_date(value: str) -> date | None:
    if not (value or "").strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput("bad_birth_date", MESSAGES["bad_birth_date"]) from None


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """The texts starting with `prefix` are, in code point order, those from
    `prefix` (inclusive) to the returned bound (exclusive; None: no bound): the
    prefix with its last character raised by one, past any that is the last code
    point and past the surrogates, which no stored text holds."""
    chars = list(prefix)
    while chars:
        point = ord(chars.pop()) + 1
        if point == 0xD800:
            point = 0xE000
        if point <= 0x10FFFF:
            return prefix, "".join(chars) + chr(point)
    return prefix, None


def search(actor: Actor, *, kana: str = "", birth_date: date | None = None, address: str = "") -> list[Resident]:
    """Residents matching every criterion given (kana: the start of the family
    name or of family+given name); at most SEARCH_LIMIT. Audited: a search reads personal data."""
    # The filters are kept in the search's audit entry: no My Number in them.
    for value, longest, strict in ((kana, 240, True), (address, 200, False)):
        try:
            check_line(value or "", max_length=longest, any_twelve_digits=strict)
        except FreeTextError as e:
            raise BadInput(e.code, e.text) from None
    kana, address = normalise_kana(kana), (address or "").strip()
    if not (kana or birth_date or address):
        raise BadInput("no_criteria", MESSAGES["no_criteria"])
    # The kana in code point order on both engines (whatever the database's
    # collation): "starts with" is then one range, and the index on (kana, id)
    # yields the range in the search's order, read until the limit.
    query = Resident.objects.alias(kana_order=CodePoints("search_kana"))
    if kana:
        low, high = prefix_range(kana)
        query = query.filter(kana_order__gte=low) if high is None else query.filter(kana_order__gte=low, kana_order__lt=high)
    if birth_date:
        query = query.filter(birth_date=birth_date)
    if address:
        query = query.filter(address__contains=address)
    with transaction.atomic():
        found = list(query.order_by("kana_order", "id")[:SEARCH_LIMIT])
        record(actor, "search", "resident", "-", reason="resident search",
               detail={"kana": kana, "birth_date": str(birth_date or ""), "address": address, "found": [r.pk for r in found]})  # fmt: skip
    return found


def open_resident(actor: Actor, resident_id: object, *, reason: str = "counter") -> tuple[Resident, list[CardView]]:
    """A resident and their cards with what is due today; the read is audited."""
    try:
        pk = int(str(resident_id))
        if not 0 < pk < 2**63:
            raise ValueError(pk)
    except ValueError:
        pk = -1
    with transaction.atomic():
        resident = Resident.objects.filter(pk=pk).first()
        if resident is None:
            raise NotFound("no_resident", MESSAGES["no_resident"].format(id=resident_id))
        record(actor, "read", "resident", resident.pk, resident_id=resident.pk, reason=reason)
    today = clock.today()
    m, life = municipality(), load_lifecycle_rules()
    views = []
    for card in resident.cards.prefetch_related("certificates", "pin_counters").order_by("-id"):
        state, holder = state_of(card), holder_of(resident)
        insurance = card_insurance_usable_until(m, state.expires, state.user_certificate.expires) if state.status in INSURANCE_CARDS else None
        views.append(CardView(card, state, state.status_on(today), due(state, holder, m.validity, life, today=today),
                              offered_actions(state, holder, today), insurance))  # fmt: skip
    return resident, views


def set_notice_language(actor: Actor, resident_id: int, language: str) -> Resident:
    """The language the resident asked the city to write to them in; audited."""
    if language not in LANGUAGES:
        raise BadInput("bad_language", MESSAGES["bad_language"])
    with transaction.atomic():
        resident = Resident.objects.select_for_update().filter(pk=resident_id).first()
        if resident is None:
            raise NotFound("no_resident", MESSAGES["no_resident"].format(id=resident_id))
        if resident.language != language:
            record(actor, "update", "resident", resident.pk, resident_id=resident.pk, reason="notice language",
                   detail={"language": {"from": resident.language, "to": language}})
            resident.language = language
            resident.save(update_fields=["language", "updated_at"])
    return resident
