"""Fictional residents and cards for `madoguchi run` (never real people; safe to run again).

A card in use, a lost and suspended card, a foreign resident whose period of
stay (and so the card) ends within the 40 days the counter flags, a child (no
signature certificate), and a card waiting at the counter for its pickup. The
dates follow the validity rules from today's clock, so the demo stays current.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.rules import lifecycle as lc
from madoguchi.core.city import municipality

from .models import Card, Resident
from .services.my_number import set_my_number
from .services.state import holder_of, store

# Valid fictional numbers (the check digit is right; no real person has them). An address is
# the part after the city's name: `_make` puts it in the loaded city.
PEOPLE = [
    {"register_id": "DEMO-0001", "family_name": "緑", "given_name": "花子", "family_name_kana": "ミドリ", "given_name_kana": "ハナコ",
     "birth_date": date(1990, 6, 15), "sex": "female", "address": "本町六丁目6番3号", "household": "D001",
     "my_number": "123456789018", "card": {"status": "active", "years_ago": 3}},
    {"register_id": "DEMO-0002", "family_name": "貫井", "given_name": "太郎", "family_name_kana": "ヌクイ", "given_name_kana": "タロウ",
     "birth_date": date(1978, 11, 2), "sex": "male", "address": "貫井北町三丁目1番1号", "household": "D002",
     "my_number": "234567890121", "card": {"status": "suspended", "years_ago": 6}},
    {"register_id": "DEMO-0003", "family_name": "グエン", "given_name": "ヴァン・アン", "family_name_kana": "グエン", "given_name_kana": "ヴァンアン",
     "birth_date": date(1996, 3, 20), "sex": "male", "address": "前原町二丁目4番5号", "household": "D003",
     "nationality": "VN", "status_of_residence": "技術・人文知識・国際業務", "stay_ends_in_days": 25,
     "my_number": "345678901234", "card": {"status": "active", "years_ago": 2}},
    {"register_id": "DEMO-0004", "family_name": "緑", "given_name": "さくら", "family_name_kana": "ミドリ", "given_name_kana": "サクラ",
     "birth_date": date(2016, 4, 8), "sex": "female", "address": "本町六丁目6番3号", "household": "D001",
     "my_number": "456789012346", "card": {"status": "active", "years_ago": 1}},
    {"register_id": "DEMO-0005", "family_name": "前原", "given_name": "健", "family_name_kana": "マエハラ", "given_name_kana": "ケン",
     "birth_date": date(1965, 1, 30), "sex": "male", "address": "桜町一丁目2番3号", "household": "D004",
     "my_number": "567890123457", "card": {"status": "arrived", "years_ago": 0}},
]  # fmt: skip


def seed() -> str:
    made = 0
    with transaction.atomic():
        for person in PEOPLE:
            if Resident.objects.filter(register_id=person["register_id"]).exists():
                continue
            _make(dict(person))
            made += 1
        if made:
            record(Actor.system(), "create", "resident", "-", reason="demo data", detail={"residents": made})
    return f"{made} fictional residents with cards" if made else "demo residents already present"


def _make(person: dict) -> None:
    today = clock.today()
    spec = person.pop("card")
    number = person.pop("my_number")
    stay_days = person.pop("stay_ends_in_days", None)
    city = municipality().city  # the address is in the loaded city (the demo names no city of its own)
    person["address"] = f"{city.prefecture.ja}{city.name.ja}{person['address']}"
    resident = Resident(**person)
    if stay_days is not None:
        resident.period_of_stay_end = today + timedelta(days=stay_days)
    set_my_number(resident, number)
    resident.save()
    validity = municipality().validity
    issued = today.replace(year=today.year - spec["years_ago"]) - timedelta(days=10)
    ordered = lc.Card(status="ordered", application_received=issued - timedelta(days=30))
    arrived = lc.record_arrival(ordered, holder_of(resident), validity, issued=issued, with_certificates=True).card
    card = Card(resident=resident, serial=f"DEMO{resident.pk:08d}", arrived_at=clock.now())
    state = arrived if spec["status"] == "arrived" else lc.card_pickup(arrived, None, old_collected=False, today=today)[0].card
    if spec["status"] == "suspended":
        state = lc.suspend_lost_card(state, channel="phone", today=today).card
    store(card, state)
