"""The clerk's kana search: the residents whose kana starts with what was typed,
the first fifty in the kana's code point order and then by id, on both engines
and whatever collation the city's PostgreSQL database has."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madoguchi.counter.models import Resident
from madoguchi.counter.services.residents import SEARCH_LIMIT, prefix_range, search

from .conftest import CLERK, make_resident

pytestmark = pytest.mark.django_db

# Family and given kana, each given to several residents: names sharing a prefix,
# the same kana under different ids, and the characters a Japanese collation
# sorts apart from their code points (ガ beside カ, the long vowel ー, a small ァ).
NAMES = [
    ("コガ", ""), ("コガ", "ハナコ"), ("コガネイ", "ハナコ"), ("コガネイ", "タロウ"), ("コガネ", "イチロウ"),
    ("コガー", "ケン"), ("コガァ", "ミサキ"), ("コガア", "サクラ"), ("コガン", "ショウ"),
]
NOT_MATCHING = [("コカ", "ハナコ"), ("コキ", "タロウ"), ("ゴガ", "ケン"), ("コーガ", "サクラ"), ("カキ", "ミサキ")]


def make_register() -> None:
    """Seven of each name (63 that match "コガ", more than the search's limit) and the
    neighbours of the range, saved in a shuffled order so that ids follow no name."""
    people = NAMES * 7 + NOT_MATCHING * 2
    random.Random(16).shuffle(people)
    for family, given in people:
        make_resident(family_name_kana=family, given_name_kana=given, my_number="")


def expected(prefix: str) -> list[int]:
    rows = [(r.search_kana, r.pk) for r in Resident.objects.all() if r.search_kana.startswith(prefix)]
    return [pk for _, pk in sorted(rows)][:SEARCH_LIMIT]  # Python orders str by code point


COLLATIONS = [None] + ([] if connection.vendor != "postgresql" else ["ja-x-icu"])


@pytest.mark.parametrize("collation", COLLATIONS)
def test_the_search_lists_the_first_fifty_by_kana_then_id_whatever_the_databases_collation(collation):
    make_register()
    if collation:  # as a city's database made with a Japanese (ICU) collation would store the column
        with connection.cursor() as cur:
            cur.execute(f'ALTER TABLE counter_resident ALTER COLUMN search_kana TYPE varchar(240) COLLATE "{collation}"')
    for prefix in ("コガ", "コガネ", "コガネイハナコ", "コ", "ゴ"):
        assert [r.pk for r in search(CLERK, kana=prefix)] == expected(prefix), prefix
    found = search(CLERK, kana="コガ")
    assert len(found) == SEARCH_LIMIT
    assert {r.search_kana for r in found[:7]} == {"コガ"} and found[7].family_name_kana == "コガァ"  # ァ U+30A1, ア U+30A2
    assert "コガー" not in {r.family_name_kana for r in found}  # ー U+30FC comes after every kana: from the 57th on


def test_a_prefix_is_one_range_of_code_points():
    assert prefix_range("コガ") == ("コガ", "コキ")
    assert prefix_range("コ\U0010ffff") == ("コ\U0010ffff", "ゴ")  # the last code point carries into the one before
    assert prefix_range("\U0010ffff") == ("\U0010ffff", None)  # nothing after it: no upper bound
    assert prefix_range("ア\ud7ff") == ("ア\ud7ff", "ア\ue000")  # past the surrogates, which no text holds


def test_a_name_with_the_last_code_point_after_the_prefix_is_found():
    odd = make_resident(family_name_kana="コガ\U0010ffff", given_name_kana="", my_number="")
    make_resident(family_name_kana="コキ", given_name_kana="", my_number="")
    assert search(CLERK, kana="コガ") == [odd]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_on_postgresql_the_search_walks_its_index_in_order_and_stops_at_the_limit():
    make_register()
    with CaptureQueriesContext(connection) as queries:
        search(CLERK, kana="コガ")
    sql = next(q["sql"] for q in queries.captured_queries if 'FROM "counter_resident"' in q["sql"])
    with connection.cursor() as cur:
        # A table this small would be read whole; the question is whether the index can give the order.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_bitmapscan = off")
        cur.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert plan.lstrip().startswith("Limit"), plan
    assert "Index Scan using resident_search_kana" in plan and "Sort" not in plan, plan
