"""The import's row checks come from the models: a value too long or too large for
its field, a control character, a row the CSV parser cannot read, a byte not in
the file's encoding are each reported by row (and line) on both engines, with
--skip-bad honoured; no database error's text or traceback reaches the output."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DataError, connection, models

from madoguchi.counter.imports import load
from madoguchi.counter.imports.columns import NAMES, fields
from madoguchi.counter.models import Card, Resident

from .test_import_residents import GOOD, write

ROOT = Path(__file__).resolve().parents[3]
# Columns whose own rule is stricter than their field's length (a code, a choice).
RULE_BOUND = {"sex", "nationality", "language", "card_status", "my_number"}
LENGTH_BOUND = [name for name, field in fields().items() if isinstance(field, models.CharField) and name not in RULE_BOUND]


def value_of_length(column: str, length: int) -> str:
    return ("ア" if column.endswith("_kana") else "井") * length


def run(tmp_path, rows, *options, encoding="utf-8"):
    """The command's verdict: (stdout, stderr, the CommandError's text or None)."""
    path = write(tmp_path, rows, encoding) if isinstance(rows, list) else rows
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_residents", str(path), *options, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), None
    except CommandError as e:
        assert e.__cause__ is None and (e.__context__ is None or e.__suppress_context__), "a chained traceback would be printed"
        return out.getvalue(), err.getvalue(), str(e)


def test_every_text_column_is_checked_against_its_model_field():
    assert {"register_id", "family_name", "given_name", "family_name_kana", "given_name_kana", "address", "household",
            "status_of_residence", "card_serial"} == set(LENGTH_BOUND)  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("column", LENGTH_BOUND)
def test_a_value_longer_than_its_field_is_refused_by_row_and_column(tmp_path, column):
    limit = fields()[column].max_length
    _, err, failure = run(tmp_path, [GOOD[1], {**GOOD[0], column: value_of_length(column, limit + 1)}])
    assert failure and "nothing imported" in failure
    assert f"row 2, {column}: {limit}文字以内で入力してください（{limit + 1}文字あります）。" in err
    assert f"Give at most {limit} characters (it has {limit + 1})." in err
    assert value_of_length(column, limit + 1) not in err + failure  # never echoes the value
    assert Resident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("column", LENGTH_BOUND)
def test_a_value_as_long_as_its_field_is_stored(tmp_path, column):
    value = value_of_length(column, fields()[column].max_length)
    out, err, failure = run(tmp_path, [{**GOOD[0], column: value}])
    assert failure is None, err
    stored = Card.objects.get().serial if column == "card_serial" else getattr(Resident.objects.get(), column)
    assert stored == value


@pytest.mark.django_db
def test_skip_bad_stores_the_rest_and_reports_the_long_rows(tmp_path):
    long_name = value_of_length("family_name", fields()["family_name"].max_length + 5)
    long_address = value_of_length("address", fields()["address"].max_length + 1)
    rows = [GOOD[0], {**GOOD[1], "family_name": long_name}, {**GOOD[1], "register_id": "100003", "card_serial": "AA3", "address": long_address}]
    out, err, failure = run(tmp_path, rows, "--skip-bad")
    assert failure is None
    assert "row 2, family_name:" in err and "row 3, address:" in err
    assert "imported 1 of 3 rows; skipped 2." in out
    assert list(Resident.objects.values_list("register_id", flat=True)) == ["100001"]


@pytest.mark.django_db
def test_a_number_beyond_its_field_is_refused(tmp_path):
    _, err, failure = run(tmp_path, [{**GOOD[0], "notes_capacity": "40000"}])
    assert failure and "row 1, notes_capacity: 0から32767までの整数で入力してください。" in err


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\t"])
def test_a_control_character_is_refused(tmp_path, character):
    _, err, failure = run(tmp_path, [{**GOOD[0], "family_name": f"小金{character}井"}])
    assert failure and "row 1, family_name: 制御文字" in err
    assert Resident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value"), [
    ("address", "小金井市本町6-6-3 {number}"),
    ("given_name", "花子{number}"),
    ("family_name", "{number}"),
])
def test_a_my_number_in_a_text_column_is_refused_and_never_repeated(tmp_path, column, value):
    from stdnum.jp import in_

    number = "12345678901" + in_.calc_check_digit("12345678901")
    out, err, failure = run(tmp_path, [{**GOOD[0], column: value.format(number=number)}])
    assert failure and f"row 1, {column}: マイナンバー（個人番号）と思われる番号" in err
    assert number not in out + err + str(failure)
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_any_twelve_digits_in_a_name_are_refused_but_an_address_and_the_ids_may_hold_digits(tmp_path):
    _, err, failure = run(tmp_path, [{**GOOD[0], "family_name": "山田123456789012"}])
    assert failure and "row 1, family_name: マイナンバー" in err
    from stdnum.jp import in_

    twelve = "12345678901" + in_.calc_check_digit("12345678901")  # a register's own id may look like one
    out, err, failure = run(tmp_path, [{**GOOD[0], "address": "小金井市本町1-2-3 コーポ101", "household": twelve}])
    assert failure is None, err


@pytest.mark.django_db
def test_a_field_over_the_csv_limit_is_reported_by_row_and_line(tmp_path):
    huge = "x" * (csv.field_size_limit() + 1)
    rows = [GOOD[0], {**GOOD[1], "address": huge}, {**GOOD[1], "register_id": "100003", "card_serial": "AA3"}]
    out, err, failure = run(tmp_path, rows, "--skip-bad")
    assert failure is None, err
    assert f"row 2, -: ファイルの3行目までの項目が大きすぎて読めません（{csv.field_size_limit()}文字まで）" in err
    assert "field ending on line 3 of the file is too large" in err
    assert "_csv.Error" not in err and huge[:50] not in err
    assert "imported 2 of 3 rows; skipped 1." in out


@pytest.mark.django_db
def test_a_row_with_more_or_fewer_fields_than_the_header_is_refused(tmp_path):
    path = write(tmp_path, [GOOD[0], GOOD[1]])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1] + ",extra", lines[2].rsplit(",", 3)[0]]) + "\n", encoding="utf-8")
    _, err, failure = run(tmp_path, path)
    assert failure
    assert f"row 1, -: 列の数が見出し行と違います（見出し {len(NAMES)}列、この行 {len(NAMES) + 1}列）" in err
    assert f"row 2, -: 列の数が見出し行と違います（見出し {len(NAMES)}列、この行 {len(NAMES) - 3}列）" in err


def shift_jis_with_a_bad_byte(tmp_path) -> Path:
    """Row 2's family name has a byte (0x85 0x40) that CP932 leaves unassigned."""
    path = write(tmp_path, [GOOD[0], {**GOOD[1], "family_name": "グエンX"}, {**GOOD[1], "register_id": "100003", "card_serial": "AA3"}], "cp932")
    path.write_bytes(path.read_bytes().replace("グエンX".encode("cp932"), "グエン".encode("cp932") + b"\x85\x40"))
    return path


@pytest.mark.django_db
def test_a_bad_shift_jis_byte_is_reported_by_row_line_and_column(tmp_path):
    _, err, failure = run(tmp_path, shift_jis_with_a_bad_byte(tmp_path), "--encoding", "shift_jis")
    assert failure and "nothing imported" in failure and "--encoding utf-8" in failure
    byte = len("100002,".encode("cp932")) + len("グエン".encode("cp932")) + 1
    assert f"row 2, family_name: ファイルの3行目の{byte}バイト目が shift_jis として読めません" in err
    assert f"Byte {byte} of line 3 of the file is not shift_jis" in err
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_skip_bad_skips_the_row_with_the_bad_byte(tmp_path):
    out, err, failure = run(tmp_path, shift_jis_with_a_bad_byte(tmp_path), "--encoding", "shift_jis", "--skip-bad")
    assert failure is None
    assert "imported 2 of 3 rows; skipped 1." in out
    assert sorted(Resident.objects.values_list("register_id", flat=True)) == ["100001", "100003"]


@pytest.mark.django_db
def test_a_database_error_is_reported_without_its_text(tmp_path, monkeypatch):
    """Should a row pass the checks and the database still refuse it, the driver's
    message (which quotes the row) is not shown: the rows and SQLSTATE are."""

    def refuse(table, columns, rows):
        error = DataError('value too long for type character varying(60)\nCONTEXT: COPY counter_resident, line 1: "100001 小金井 花子"')
        error.__cause__ = type("Cause", (Exception,), {"sqlstate": "22001"})()
        raise error

    monkeypatch.setattr(load, "write", refuse)
    _, err, failure = run(tmp_path, GOOD, "--skip-bad")
    assert failure and "rows 1 to 2 (SQLSTATE 22001); nothing was imported" in failure
    assert "花子" not in failure + err and "COPY" not in failure + err
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_an_unexpected_error_is_named_by_its_kind_only(tmp_path, monkeypatch):
    def broken(header, rows, *args):  # the row checks, handed the batch's rows (columns.check_rows)
        raw = dict(zip(header, rows[0][1]))
        raise ValueError(f"cannot handle {raw['family_name']} {raw['given_name']}")

    monkeypatch.setattr(load, "check_rows", broken)
    _, err, failure = run(tmp_path, GOOD)
    assert failure and "ValueError" in failure and "row 1" in failure
    assert "花子" not in failure + err


@pytest.mark.django_db(transaction=True)
def test_the_command_as_run_prints_no_traceback_and_no_personal_data(tmp_path):
    """End to end, as the city's IT staff run it, on this test run's engine and database:
    an over-long name used to give a raw psycopg traceback quoting the resident."""
    long_name = "小金井" * 30
    path = write(tmp_path, [GOOD[1], {**GOOD[0], "family_name": long_name}])
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        url = f"sqlite:///{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_", "PYTEST"))}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="madoguchi.settings.test", PYTHONPATH=str(ROOT / "src"),
               MADOGUCHI_DATA_DIR=str(tmp_path))  # fmt: skip
    for options in ([], ["--traceback"], ["--skip-bad"]):
        done = subprocess.run([sys.executable, "-m", "madoguchi.cli.main", "manage", "import_residents", str(path), *options],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)  # fmt: skip
        output = done.stdout + done.stderr
        assert long_name not in output and "小金井" not in output and "psycopg" not in output, output
        if options != ["--traceback"]:  # asked for, it shows the command's own lines, nothing chained
            assert "Traceback" not in output, output
        assert "row 2, family_name:" in output
        if options == ["--skip-bad"]:
            assert done.returncode == 0 and "imported 1 of 2 rows; skipped 1." in output
        else:
            assert done.returncode == 1 and "nothing imported" in output
    assert list(Resident.objects.values_list("register_id", flat=True)) == ["100002"]


@pytest.mark.django_db
def test_a_header_that_does_not_decode_says_which_encoding_to_try(tmp_path):
    path = write(tmp_path, GOOD, "cp932")
    path.write_bytes("氏名,".encode("cp932") + path.read_bytes())  # a Shift_JIS byte in line 1, read as UTF-8
    _, _, failure = run(tmp_path, path)
    assert failure and "見出し行（1行目）の1バイト目が utf-8 として読めません。--encoding shift_jis を試してください。" in failure
