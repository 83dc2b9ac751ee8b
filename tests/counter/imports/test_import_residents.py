"""`manage import_residents`: every bad row reported, nothing stored unless --skip-bad,
UTF-8 and Shift_JIS, the My Number encrypted on the way in and never echoed."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.imports.columns import NAMES
from madoguchi.counter.models import Card, Resident
from madoguchi.staff.my_number import my_number_index

pytestmark = pytest.mark.django_db

GOOD = [
    {"register_id": "100001", "family_name": "小金井", "given_name": "花子", "family_name_kana": "コガネイ", "given_name_kana": "ハナコ",
     "birth_date": "1990-06-15", "sex": "女", "address": "東京都小金井市本町六丁目6番3号", "household": "H1",
     "my_number": "123456789018", "card_serial": "AA0000000001", "card_issued": "2020-03-10", "card_expires": "2029-06-15",
     "user_certificate_expires": "2029-06-15", "signature_certificate_expires": "2029-06-15"},
    {"register_id": "100002", "family_name": "グエン", "given_name": "ヴァン", "family_name_kana": "ぐえん", "given_name_kana": "ｳﾞｧﾝ",
     "birth_date": "1995-08-01", "sex": "male", "address": "東京都小金井市貫井北町1-1-1", "household": "H2", "nationality": "VN",
     "status_of_residence": "技術・人文知識・国際業務", "period_of_stay_end": "2027-03-31", "language": "EN",
     "card_serial": "AA0000000002", "card_issued": "2024-01-10", "card_expires": "2027-03-31"},
]  # fmt: skip


def write(tmp_path, rows, encoding="utf-8", name="export.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_good_rows_are_imported_with_the_number_encrypted(tmp_path, capsys):
    call_command("import_residents", str(write(tmp_path, GOOD)))
    assert "imported 2 of 2" in capsys.readouterr().out
    hanako = Resident.objects.get(register_id="100001")
    assert hanako.my_number == "123456789018" and hanako.my_number_index == my_number_index("123456789018")
    assert Resident.objects.get(register_id="100002").family_name_kana == "グエン"  # hiragana and half-width normalised
    assert (hanako.language, Resident.objects.get(register_id="100002").language) == ("ja", "en")  # blank: Japanese
    foreign = Card.objects.get(serial="AA0000000002")
    assert (foreign.expiry_basis, foreign.certificates.get(kind="user").status) == ("period_of_stay", "none")
    assert AuditEntry.objects.filter(action="import", detail__imported=2).exists()


def test_shift_jis(tmp_path):
    call_command("import_residents", str(write(tmp_path, GOOD, "cp932")), "--encoding", "shift_jis")
    assert Resident.objects.count() == 2


def test_a_shift_jis_file_read_as_utf8_is_explained(tmp_path):
    with pytest.raises(CommandError, match="--encoding shift_jis"):
        call_command("import_residents", str(write(tmp_path, GOOD, "cp932")))


BAD = [
    ({"birth_date": "1990/06/15"}, "birth_date", "YYYY-MM-DD"),
    ({"sex": "x"}, "sex", "male or female"),
    ({"family_name_kana": "Koganei"}, "family_name_kana", "katakana"),
    ({"my_number": "123456789010"}, "my_number", "check digit"),
    ({"card_expires": "2019-01-01"}, "card_expires", "before the issue date"),
    ({"card_status": "lost"}, "card_status", "Card status is one of"),
    ({"address": ""}, "address", "Required"),
    ({"notes_used": "9", "notes_capacity": "4"}, "notes_used", "More notes entries"),
    ({"language": "vi"}, "language", "ja, en or easy"),
]


@pytest.mark.parametrize("change,column,says", BAD, ids=[b[1] for b in BAD])
def test_a_bad_row_is_reported_and_nothing_is_imported(tmp_path, capsys, change, column, says):
    rows = [GOOD[1], {**GOOD[0], **change}]
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_residents", str(write(tmp_path, rows)))
    err = capsys.readouterr().err
    assert f"row 2, {column}:" in err and says in err
    assert "123456789010" not in err and "123456789018" not in err  # never echoes a My Number
    assert Resident.objects.count() == 0 and Card.objects.count() == 0


def test_skip_bad_imports_the_rest_and_reports_what_it_skipped(tmp_path, capsys):
    rows = [GOOD[0], {**GOOD[1], "birth_date": "yesterday"}, {**GOOD[1], "register_id": "100001", "card_serial": "X"}]
    call_command("import_residents", str(write(tmp_path, rows)), "--skip-bad")
    out = capsys.readouterr()
    assert "row 2, birth_date" in out.err and "row 3, register_id" in out.err and "row 1," not in out.err
    assert "imported 1 of 3 rows; skipped 2" in out.out
    assert list(Resident.objects.values_list("register_id", flat=True)) == ["100001"]


def test_a_second_import_of_the_same_people_is_refused(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_residents", str(path))
    with pytest.raises(CommandError):
        call_command("import_residents", str(path))
    err = capsys.readouterr().err
    assert "row 1, register_id: この宛名番号はすでに取り込まれています" in err
    assert Resident.objects.count() == 2


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("register_id,family_name\n1,小金井\n", encoding="utf-8")
    with pytest.raises(CommandError, match="given_name"):
        call_command("import_residents", str(path))
