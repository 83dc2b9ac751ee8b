"""The import service: check every row, then store residents, cards and
certificates in batches, in one transaction.

With any bad row nothing is stored (the transaction is rolled back) unless
`skip_bad`, which stores the good rows and reports the skipped ones. The My
Number is encrypted and indexed as it is stored (staff.crypto). One audit
entry records the import (who, how many, which file), none per row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from madoguchi import clock
from madoguchi.audit.services import Actor, record
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.rules.text import Text
from madoguchi.staff.crypto import blind_index
from madoguchi.staff.my_number import INDEX_PURPOSE

from ..models import Card, Certificate, Resident
from .columns import MESSAGES, NAMES, REQUIRED, ParsedRow, Problem, check_row
from .writer import take_ids, write

FILE_MESSAGES = {
    "missing_columns": Text(
        "見出し行に必須の列がありません：{columns}。docs/counter.md の列を確認してください。",
        "The header lacks required columns: {columns}. See the columns in docs/counter.md.",
        "れつが たりません：{columns}",
    ),
    "unknown_columns": Text(
        "見出し行に不明な列があります：{columns}。列名の綴りを確認してください。",
        "The header has unknown columns: {columns}. Check their spelling.",
        "しらない れつ：{columns}",
    ),
}


class ImportFileError(ValueError):
    def __init__(self, code: str, text: Text):
        self.code, self.text = code, text
        super().__init__(text.en)


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    skip_bad: bool = False

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    @property
    def stored(self) -> bool:
        return self.imported > 0 or not self.problems


class _Abort(Exception):
    """Rolls the transaction back when a bad row was found and nothing may be stored."""


def import_residents(
    actor: Actor,
    lines: Iterable[str],
    *,
    skip_bad: bool = False,
    source: str = "",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError("missing_columns", _fmt(FILE_MESSAGES["missing_columns"], columns=", ".join(missing)))
    unknown = [c for c in header if c not in NAMES]
    if unknown:
        raise ImportFileError("unknown_columns", _fmt(FILE_MESSAGES["unknown_columns"], columns=", ".join(unknown)))
    report = ImportReport(skip_bad=skip_bad)
    today = clock.today()
    capacity = load_lifecycle_rules().notes_capacity_default
    seen: dict[str, dict[str, int]] = {"register_id": {}, "card_serial": {}, "my_number": {}}
    try:
        with transaction.atomic():
            batch: list[ParsedRow] = []
            for number, raw in enumerate(reader, start=1):
                report.rows = number
                parsed, problems = check_row(number, raw, today, capacity)
                if parsed is not None:
                    problems += _duplicates(parsed, seen)
                if problems:
                    report.problems += problems
                elif skip_bad or not report.problems:  # once a row is bad and nothing may be stored, only check
                    batch.append(parsed)
                if len(batch) >= batch_size:
                    report.imported += _store(batch, report)
                    batch = []
                if progress is not None:
                    progress(1)
            report.imported += _store(batch, report)
            if report.problems and not skip_bad:
                raise _Abort
            record(actor, "import", "resident", "-", reason="import_residents",
                   detail={"source": source, "rows": report.rows, "imported": report.imported, "skipped_rows": len(report.bad_rows)})  # fmt: skip
    except _Abort:
        report.imported = 0
    return report


def _fmt(text: Text, **fmt: object) -> Text:
    return Text(text.ja.format(**fmt), text.en.format(**fmt), text.easy.format(**fmt))


def _duplicates(parsed: ParsedRow, seen: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    v = parsed.values
    if v["my_number"]:
        v["my_number_index"] = blind_index(str(v["my_number"]), purpose=INDEX_PURPOSE)
    keys = {"register_id": v["register_id"], "card_serial": v.get("card_serial"), "my_number": v.get("my_number_index")}
    labels = {"register_id": Text("宛名番号", "register id", "ばんごう"), "card_serial": Text("カード番号", "card serial", "カード"),
              "my_number": Text("個人番号", "My Number", "マイナンバー")}  # fmt: skip
    for column, key in keys.items():
        if not key:
            continue
        first = seen[column].get(str(key))
        if first is not None:
            t = MESSAGES["duplicate"]
            label = labels[column]
            problems.append(Problem(parsed.row, column, Text(t.ja.format(what=label.ja, row=first), t.en.format(what=label.en, row=first), t.easy)))
        else:
            seen[column][str(key)] = parsed.row
    return problems


def _store(batch: list[ParsedRow], report: ImportReport) -> int:
    """Store one batch; rows clashing with what the database holds become problems."""
    if not batch:
        return 0
    clashes = _clashes_with_database(batch)
    if clashes:
        report.problems += clashes
        bad = {p.row for p in clashes}
        batch = [r for r in batch if r.row not in bad]
        if not report.skip_bad:
            return 0
    now = clock.now()
    encrypt = Resident._meta.get_field("my_number").get_prep_value  # the column's own encryption
    ids = take_ids(Resident._meta.db_table, len(batch))
    write(Resident._meta.db_table, RESIDENT_COLUMNS, [_resident(pk, r.values, encrypt, now) for pk, r in zip(ids, batch)])
    with_card = [(pk, r.values) for pk, r in zip(ids, batch) if r.values.get("card_serial")]
    card_ids = take_ids(Card._meta.db_table, len(with_card))
    write(Card._meta.db_table, CARD_COLUMNS, [_card(cid, pk, v, now) for cid, (pk, v) in zip(card_ids, with_card)])
    certificates = []
    for cid, (_, v) in zip(card_ids, with_card):
        certificates += _certificates(cid, v)
    write(Certificate._meta.db_table, CERTIFICATE_COLUMNS, certificates)
    return len(batch)


def _clashes_with_database(batch: list[ParsedRow]) -> list[Problem]:
    problems = []
    by_register = {str(r.values["register_id"]): r.row for r in batch}
    for rid in Resident.objects.filter(register_id__in=list(by_register)).values_list("register_id", flat=True):
        problems.append(Problem(by_register[rid], "register_id", MESSAGES["exists"]))
    by_serial = {str(r.values["card_serial"]): r.row for r in batch if r.values.get("card_serial")}
    for serial in Card.objects.filter(serial__in=list(by_serial)).values_list("serial", flat=True):
        problems.append(Problem(by_serial[serial], "card_serial", MESSAGES["serial_exists"]))
    by_index = {str(r.values["my_number_index"]): r.row for r in batch if r.values.get("my_number_index")}
    for index in Resident.objects.filter(my_number_index__in=list(by_index)).values_list("my_number_index", flat=True):
        problems.append(Problem(by_index[index], "my_number", MESSAGES["number_exists"]))
    return problems


RESIDENT_COLUMNS = (
    "id", "register_id", "family_name", "given_name", "family_name_kana", "given_name_kana", "search_kana", "birth_date", "sex",
    "address", "household", "nationality", "status_of_residence", "period_of_stay_end", "my_number", "my_number_index",
    "language", "updated_at",
)
CARD_COLUMNS = (
    "id", "resident_id", "serial", "status", "issued", "expires", "expiry_basis", "application_received", "notes_used",
    "notes_capacity", "lost", "return_pending", "special_period_used", "reissue_procedure", "certificates_requested",
    "notice_number", "updated_at",
)
CERTIFICATE_COLUMNS = ("card_id", "kind", "status", "issued", "expires")


def _resident(pk: int, v: dict, encrypt, now) -> tuple:
    return (
        pk, v["register_id"], v["family_name"], v["given_name"], v["family_name_kana"], v["given_name_kana"],
        f"{v['family_name_kana']}{v['given_name_kana']}", v["birth_date"], v["sex"], v["address"], v["household"], v["nationality"], v["status_of_residence"],
        v["period_of_stay_end"], encrypt(v["my_number"]) if v["my_number"] else "", v.get("my_number_index", ""),
        v.get("language", "ja"), now,
    )  # fmt: skip


def _card(pk: int, resident_id: int, v: dict, now) -> tuple:
    stay = v["period_of_stay_end"]
    basis = "period_of_stay" if stay is not None and stay == v["card_expires"] else "birthday"
    status = v["card_status"]
    return (
        pk, resident_id, v["card_serial"], status, v["card_issued"], v["card_expires"], basis, None, v["notes_used"],
        v["notes_capacity"], status == "suspended", status in ("superseded", "lapsed", "expired"), False, "", True, "", now,
    )  # fmt: skip


# How an imported card's certificates stand, given the card's state: a
# suspension stops the user certificate and revokes 署名用 [tomiya]; an unusable
# card's certificates are revoked.
_CERTIFICATE_STATUS = {"active": ("active", "active"), "suspended": ("suspended", "revoked")}


def _certificates(card_id: int, v: dict) -> list[tuple]:
    user_status, signature_status = _CERTIFICATE_STATUS.get(v["card_status"], ("revoked", "revoked"))
    return [
        (card_id, kind, status if expires else "none", None, expires)
        for kind, expires, status in (("user", v["user_certificate_expires"], user_status),
                                      ("signature", v["signature_certificate_expires"], signature_status))
    ]  # fmt: skip
