"""columns.check_rows, the import's check of a whole batch at once, against
columns.check_row of each row on its own: generated rows, good and broken in
every column, in any column order and with optional columns left out, give the
same values and the same problems in the same order."""

from __future__ import annotations

import random
from datetime import date

import pytest

from madoguchi.core.city import municipality
from madoguchi.counter.imports import columns
from madoguchi.counter.imports.columns import NAMES, REQUIRED, check_row, check_rows
from madoguchi.rules.lifecycle.data import load_lifecycle_rules

from .test_import_residents import BAD, GOOD

TODAY = date(2026, 12, 1)
# One broken or unusual value per column (beside BAD's), each a path check_row takes.
CHANGES = [change for change, _, _ in BAD] + [
    {"register_id": ""}, {"register_id": "1" * 40}, {"register_id": " 100009 "}, {"family_name": "小金井\t"},
    {"family_name": "小\x07金井"}, {"given_name": "123456789018"}, {"given_name": "１２３４５６７８９０１８"},
    {"family_name": "井" * 200}, {"family_name_kana": "ｺｶﾞﾈｲ"}, {"given_name_kana": "はなこ"}, {"given_name_kana": ""},
    {"family_name_kana": "コガネイ\x00"}, {"birth_date": ""}, {"birth_date": "2099-01-01"}, {"birth_date": "２０００-０１-０１"},
    {"birth_date": "20000101"}, {"sex": "MALE"}, {"sex": "男"}, {"sex": ""}, {"nationality": "vn"}, {"nationality": "JP"},
    {"nationality": "VNM"}, {"nationality": "ß"}, {"status_of_residence": "永住者"}, {"period_of_stay_end": "2027-02-30"},
    {"my_number": ""}, {"my_number": "１２３４５６７８９０１８"}, {"my_number": "1234 5678 9018"}, {"my_number": "12345"},
    {"address": "本町1-2-3 123456789018"}, {"address": "本町１２３４５６７８９０１２３"}, {"household": "123456789018"},
    {"given_name": "123456789018", "address": "本町"}, {"family_name": "12345", "given_name": "6789012", "address": "本町"},
    {"card_serial": ""}, {"card_serial": "", "card_issued": "", "card_expires": "", "user_certificate_expires": "",
                          "signature_certificate_expires": ""},
    {"card_status": "suspended"}, {"card_status": "ACTIVE"}, {"card_issued": ""}, {"card_expires": "x"},
    {"card_issued": "1980-01-01"}, {"notes_used": "4"}, {"notes_used": "-1"}, {"notes_capacity": "99999999999"},
    {"notes_capacity": "４"}, {"user_certificate_expires": ""}, {"signature_certificate_expires": "2029-13-01"},
    {"residence_card": "no"}, {"residence_card": "いいえ"}, {"residence_card": "yes"}, {"residence_card": "yes", "nationality": "VN"},
    {"residence_card": "maybe"}, {"residence_card": "yes", "card_serial": ""}, {"language": "en"}, {"language": "EASY"},
    {"language": ""}, {"adult_ward": "yes"}, {"adult_ward": "1"}, {"adult_ward": "perhaps"},
]  # fmt: skip


def generated(rng: random.Random, count: int) -> tuple[list[str], list[tuple[int, list[str]]], set[int]]:
    """A header and rows, and which rows are GOOD's, unchanged."""
    optional = [name for name in NAMES if name not in REQUIRED]
    header = [*REQUIRED, *rng.sample(optional, rng.randrange(len(optional) + 1))]
    rng.shuffle(header)
    rows, unchanged = [], set()
    for number in range(1, count + 1):
        row = {**rng.choice(GOOD), "register_id": f"{300000 + number}"}
        changes = rng.sample(CHANGES, rng.choice((0, 0, 1, 2)))
        for change in changes:
            row.update(change)
        rows.append((number, [row.get(name, "") for name in header]))
        if not changes:
            unchanged.add(number)
    return header, rows, unchanged


@pytest.mark.django_db  # the city's data reads the staff's openings
def test_a_batch_gives_each_row_what_check_row_gives_it(monkeypatch):
    rng = random.Random(20261201)
    capacity, allowed = load_lifecycle_rules().notes_capacity_default, municipality().dated["tokutei_zairyu_card"]
    good = bad = built = 0
    asked = []  # the rows check_rows left to check_row
    monkeypatch.setattr(columns, "check_row", lambda number, *args: asked.append(number) or check_row(number, *args))
    for _ in range(60):
        header, rows, unchanged = generated(rng, rng.randrange(1, 120))
        asked.clear()
        batch = check_rows(header, rows, TODAY, capacity, allowed)
        flagged = set(asked)
        one_by_one = [check_row(number, dict(zip(header, values)), TODAY, capacity, allowed) for number, values in rows]
        assert len(batch) == len(one_by_one)
        for (number, values), (parsed, problems), (expected, expected_problems) in zip(rows, batch, one_by_one):
            assert problems == expected_problems, (header, values)
            assert (parsed and (parsed.row, parsed.values)) == (expected and (expected.row, expected.values)), (header, values)
            good, bad = good + (not problems), bad + bool(problems)
            assert not problems or number in flagged  # a bad row's words are check_row's own
            assert problems or number not in unchanged or number not in flagged  # a common good row is built without it
            built += number not in flagged
    assert good > 1000 and bad > 1000 and built > 1000  # both kinds, many of each, many built
