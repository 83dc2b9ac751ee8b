"""The import service: check every row, then store residents, cards and
certificates in batches, in one transaction.

With any bad row nothing is stored (the transaction is rolled back) unless
`skip_bad`, which stores the good rows and reports the skipped ones. A row the
CSV parser cannot read (a field over the csv module's size limit, a stray
quote) or a line that is not in the file's encoding is a bad row like any
other, reported by its row and the file's line. The My Number is encrypted and
indexed as it is stored (staff.crypto). One audit entry records the import
(who, how many, which file), none per row.

No error from the database reaches the caller with its text: the driver's
message may quote a resident's data, so it is reported by the rows of the batch
and its SQLSTATE only (ImportFileError), and nothing is stored.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import DatabaseError, connection, transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.rules.dated import Dated
from madoguchi.rules.lifecycle.data import load_lifecycle_rules
from madoguchi.rules.text import Text
from madoguchi.staff.crypto import blind_index, encrypt_many
from madoguchi.staff.my_number import INDEX_PURPOSE
from madoguchi.core.city import municipality

from ..derived import renewal_opens_today
from ..models import Card, Certificate, Resident
from .columns import NAMES, REQUIRED, ParsedRow, Problem, check_row, check_rows, say
from .source import other_encoding
from .writer import existing, take_ids, write


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; nothing was stored."""

    def __init__(self, code: str, text: Text):
        self.code, self.text = code, text
        super().__init__(text.en)


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    skip_bad: bool = False
    undecodable_lines: int = 0
    encoding: str = ""

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
    """`lines`: the file's text lines; a source.DecodedLines also says which lines did not decode."""
    undecodable: dict[int, int] = getattr(lines, "undecodable", {})
    encoding = getattr(lines, "encoding", "utf-8")
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (_header(reader) or [])]
    if 1 in undecodable:
        raise ImportFileError("header_undecodable", say("header_undecodable", byte=undecodable[1], encoding=encoding, other=other_encoding(encoding)))
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError("missing_columns", say("missing_columns", columns=", ".join(missing)))
    unknown = [c for c in header if c not in NAMES]
    if unknown:
        raise ImportFileError("unknown_columns", say("unknown_columns", columns=", ".join(unknown)))
    report = ImportReport(skip_bad=skip_bad, encoding=encoding)
    checks = _RowChecks(
        header, undecodable, encoding, clock.today(), load_lifecycle_rules().notes_capacity_default,
        municipality().dated["tokutei_zairyu_card"],
    )  # fmt: skip
    try:
        with _page_cache(), transaction.atomic():
            batch: list[ParsedRow] = []
            for chunk in _chunks(reader, min(batch_size, CHECKED_AT_ONCE)):
                report.rows = chunk[-1][0]
                for parsed, problems in checks.check_all(chunk):
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
            report.undecodable_lines = len(undecodable)
            if report.problems and not skip_bad:
                raise _Abort
            record(actor, "import", "resident", "-", reason="import_residents",
                   detail={"source": source, "rows": report.rows, "imported": report.imported, "skipped_rows": len(report.bad_rows)})  # fmt: skip
    except _Abort:
        report.imported = 0
    return report


# Rows checked together (columns.check_rows): 500 rows' columns stay in the processor's
# caches; 5,000 at once were 5-10% slower on the same rows.
CHECKED_AT_ONCE = 500
# SQLite keeps at most this much of the database in memory for the import (KiB; it
# takes only what it uses): its default 2 MB is far less than the 24 indexes of the
# resident and card tables, so each batch wrote and read the same pages again.
# A quarter less of SQLite's CPU for 100,000 rows (docs/performance.md).
SQLITE_IMPORT_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def _page_cache() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        before = cur.fetchone()[0]
        cur.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {int(before)}")


@dataclass
class _RowChecks:
    """Everything one row is checked against: how the file was read, the row's
    own values (columns.check_row), the rows before it."""

    header: list[str]
    undecodable: dict[int, int]
    encoding: str
    today: date
    capacity: int
    residence_card_allowed: Dated[bool]
    seen: dict[str, dict[str, int]] = field(default_factory=lambda: {"register_id": {}, "card_serial": {}, "my_number": {}})

    def check_all(self, chunk: list[tuple[int, list[str], csv.Error | None, range]]) -> Iterator[tuple[ParsedRow | None, list[Problem]]]:
        """Each row's values or problems, in the rows' order: the common rows (read, as many
        fields as the header, every line in the encoding) checked together (columns.check_rows),
        the rare ones one by one."""
        width, unique = len(self.header), len(set(self.header)) == len(self.header)

        def common(error: csv.Error | None, values: list[str]) -> bool:
            return error is None and len(values) == width and unique and not self.undecodable

        kinds = [common(error, values) for _, values, error, _ in chunk]
        checked = iter(check_rows(self.header, [(number, values) for (number, values, _, _), ok in zip(chunk, kinds) if ok],
                                  self.today, self.capacity, self.residence_card_allowed))  # fmt: skip
        if all(kinds):
            yield from _without_duplicates(list(checked), self.seen)
            return
        for (number, values, error, lines), ok in zip(chunk, kinds):
            if ok:
                parsed, problems = next(checked)
                if parsed is not None:
                    problems = _duplicates(parsed, self.seen)
                yield (None if problems else parsed), problems
            else:
                yield self.check(number, _as_dict(self.header, values, error), error, lines)

    def check(self, number: int, raw: dict, error: csv.Error | None, lines: range) -> tuple[ParsedRow | None, list[Problem]]:
        if error is not None or len(raw) != len(self.header) or None in raw or None in raw.values() or self.undecodable:
            # The rare row: unreadable, too few or many fields, a line not in the encoding.
            problems = _unreadable(number, error, lines.stop - 1) or _field_count(number, raw, self.header)
            problems += _undecodable(number, raw, lines, self.undecodable, self.encoding)
            if problems:
                return None, problems
        parsed, problems = check_row(number, raw, self.today, self.capacity, self.residence_card_allowed)
        if parsed is not None:
            problems += _duplicates(parsed, self.seen)
        return (None if problems else parsed), problems


def _header(reader: csv.DictReader) -> list[str] | None:
    try:
        return reader.fieldnames
    except csv.Error:  # a header too large or unreadable: no known column
        return []


def _chunks(reader: csv.DictReader, size: int) -> Iterator[list[tuple[int, list[str], csv.Error | None, range]]]:
    """The rows in lists of `size`: (row number, its fields, the csv module's error or None,
    the file's lines it was read from), the unreadable ones included; a blank line is no row.
    DictReader's own per-row Python is left out: the row's dict is made only for a rare row."""
    records = reader.reader
    last_line = records.line_num
    number, chunk = 0, []
    while True:
        number += 1
        error, values = None, []
        try:
            values = next(records)
            while values == []:
                values = next(records)
        except StopIteration:
            break
        except csv.Error as e:
            error = e
        chunk.append((number, values, error, range(last_line + 1, records.line_num + 1)))
        last_line = records.line_num
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _as_dict(header: list[str], values: list[str], error: csv.Error | None) -> dict:
    """The row as DictReader gives it: a field the row lacks is None, extra fields are a list under None."""
    if error is not None:
        return {}
    raw = dict(zip(header, values))
    if len(values) > len(header):
        raw[None] = values[len(header) :]
    elif len(values) < len(header):
        raw.update(dict.fromkeys(header[len(values) :]))
    return raw


def _unreadable(number: int, error: csv.Error | None, line: int) -> list[Problem]:
    if error is not None:
        code = "field_too_large" if "field limit" in str(error) else "unreadable_row"
        return [Problem(number, "-", say(code, line=line, limit=csv.field_size_limit()))]
    return []


def _field_count(number: int, raw: dict, header: list[str]) -> list[Problem]:
    """DictReader puts extra fields under None and fills missing ones with None."""
    found = sum(1 for k, v in raw.items() if k is not None and v is not None) + len(raw.get(None) or [])
    if found == len(header):
        return []
    return [Problem(number, "-", say("field_count", expected=len(header), found=found))]


def _undecodable(number: int, raw: dict, lines: range, undecodable: dict[int, int], encoding: str) -> list[Problem]:
    problems = []
    for line in lines:
        if line in undecodable:
            column = next((c for c, v in raw.items() if isinstance(c, str) and isinstance(v, str) and "\ufffd" in v), "-")
            problems.append(Problem(number, column, say("undecodable", line=line, byte=undecodable[line], encoding=encoding,
                                                        other=other_encoding(encoding))))  # fmt: skip
    return problems


def _duplicates(parsed: ParsedRow, seen: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    v = parsed.values
    if v["my_number"]:
        v["my_number_index"] = blind_index(str(v["my_number"]), purpose=INDEX_PURPOSE)
    for column, key in (("register_id", v["register_id"]), ("card_serial", v.get("card_serial")), ("my_number", v.get("my_number_index"))):
        if not key:
            continue
        first = seen[column].setdefault(str(key), parsed.row)
        if first != parsed.row:
            problems.append(Problem(parsed.row, column, say("duplicate", what=say(f"label.{column}"), row=first)))
    return problems


_KEYS = (("register_id", "register_id"), ("card_serial", "card_serial"), ("my_number", "my_number_index"))


def _without_duplicates(checked: list[tuple[ParsedRow | None, list[Problem]]], seen: dict[str, dict[str, int]]):
    """_duplicates of each checked row in order; when no key of the rows is seen twice (in
    them or before them), the common case, by one set comparison per key instead of row by row."""
    parsed = [p for p, _ in checked if p is not None]
    for v in (p.values for p in parsed):
        if v["my_number"]:
            v["my_number_index"] = blind_index(v["my_number"], purpose=INDEX_PURPOSE)
    keys = [(column, [(str(k), p.row) for p in parsed if (k := p.values.get(key))]) for column, key in _KEYS]
    if all(len(dict(pairs)) == len(pairs) and seen[column].keys().isdisjoint(dict(pairs)) for column, pairs in keys):
        for column, pairs in keys:
            seen[column].update(pairs)
        return checked
    return [(p, problems) if p is None else _or_problems(p, _duplicates(p, seen)) for p, problems in checked]


def _or_problems(parsed: ParsedRow, problems: list[Problem]) -> tuple[ParsedRow | None, list[Problem]]:
    return (None if problems else parsed), problems


def _store(batch: list[ParsedRow], report: ImportReport) -> int:
    """Store one batch; rows clashing with what the database holds become problems."""
    if not batch:
        return 0
    try:
        return _write_batch(batch, report)
    except DatabaseError as e:  # its text may quote a resident's data: the rows and the SQLSTATE only
        state = getattr(e.__cause__, "sqlstate", None) or "-"
        raise ImportFileError("database_refused", say("database_refused", first=batch[0].row, last=batch[-1].row, state=state)) from None


def _write_batch(batch: list[ParsedRow], report: ImportReport) -> int:
    clashes = _clashes_with_database(batch)
    if clashes:
        report.problems += clashes
        bad = {p.row for p in clashes}
        batch = [r for r in batch if r.row not in bad]
        if not report.skip_bad:
            return 0
    now, opens = clock.now(), renewal_opens_today()
    # The column's own encryption (EncryptedTextField's purpose), the batch's numbers at once.
    numbers = [r.values["my_number"] for r in batch if r.values["my_number"]]
    sealed = iter(encrypt_many(numbers, purpose=Resident._meta.get_field("my_number").purpose))
    ids = take_ids(Resident._meta.db_table, len(batch))
    write(Resident._meta.db_table, RESIDENT_COLUMNS, [_resident(pk, r.values, sealed, now) for pk, r in zip(ids, batch)])
    with_card = [(pk, r.values) for pk, r in zip(ids, batch) if r.values.get("card_serial")]
    card_ids = take_ids(Card._meta.db_table, len(with_card))
    write(Card._meta.db_table, CARD_COLUMNS, [_card(cid, pk, v, now, opens) for cid, (pk, v) in zip(card_ids, with_card)])
    certificates = []
    for cid, (_, v) in zip(card_ids, with_card):
        certificates += _certificates(cid, v, opens)
    write(Certificate._meta.db_table, CERTIFICATE_COLUMNS, certificates)
    return len(batch)


def _clashes_with_database(batch: list[ParsedRow]) -> list[Problem]:
    problems = []
    for model, field, key, column, code in (
        (Resident, "register_id", "register_id", "register_id", "exists"),
        (Card, "serial", "card_serial", "card_serial", "serial_exists"),
        (Resident, "my_number_index", "my_number_index", "my_number", "number_exists"),
    ):
        by_value = {str(r.values[key]): r.row for r in batch if r.values.get(key)}
        found = existing(model._meta.db_table, model._meta.get_field(field).column, list(by_value)) if by_value else set()
        problems += [Problem(by_value[value], column, say(code)) for value in by_value if value in found]
    return problems


RESIDENT_COLUMNS = (
    "id", "register_id", "family_name", "given_name", "family_name_kana", "given_name_kana", "search_kana", "birth_date", "sex",
    "address", "household", "nationality", "status_of_residence", "period_of_stay_end", "my_number", "my_number_index",
    "language", "adult_ward", "updated_at",
)
CARD_COLUMNS = (
    "id", "resident_id", "serial", "status", "issued", "expires", "renewal_opens", "expiry_basis", "application_received", "notes_used",
    "notes_capacity", "lost", "return_pending", "special_period_used", "reissue_procedure", "certificates_requested",
    "notice_number", "serves_as_residence_card", "updated_at",
)
CERTIFICATE_COLUMNS = ("card_id", "kind", "status", "issued", "expires", "renewal_opens")


def _resident(pk: int, v: dict, sealed: Iterator[str], now) -> tuple:
    return (
        pk, v["register_id"], v["family_name"], v["given_name"], v["family_name_kana"], v["given_name_kana"],
        f"{v['family_name_kana']}{v['given_name_kana']}", v["birth_date"], v["sex"], v["address"], v["household"], v["nationality"], v["status_of_residence"],
        v["period_of_stay_end"], next(sealed) if v["my_number"] else "", v.get("my_number_index", ""),
        v.get("language", "ja"), v.get("adult_ward", False), now,
    )  # fmt: skip


def _card(pk: int, resident_id: int, v: dict, now, renewal_opens) -> tuple:
    stay = v["period_of_stay_end"]
    basis = "period_of_stay" if stay is not None and stay == v["card_expires"] else "birthday"
    status = v["card_status"]
    return (
        pk, resident_id, v["card_serial"], status, v["card_issued"], v["card_expires"], renewal_opens(v["card_expires"]), basis, None, v["notes_used"],
        v["notes_capacity"], status == "suspended", status in ("superseded", "lapsed", "expired"), False, "", True, "",
        v.get("residence_card", False), now,
    )  # fmt: skip


# How an imported card's certificates stand, given the card's state: a
# suspension stops the user certificate and revokes 署名用 [tomiya]; an unusable
# card's certificates are revoked.
_CERTIFICATE_STATUS = {"active": ("active", "active"), "suspended": ("suspended", "revoked")}


def _certificates(card_id: int, v: dict, renewal_opens) -> list[tuple]:
    user_status, signature_status = _CERTIFICATE_STATUS.get(v["card_status"], ("revoked", "revoked"))
    return [
        (card_id, kind, status if expires else "none", None, expires, renewal_opens(expires))
        for kind, expires, status in (("user", v["user_certificate_expires"], user_status),
                                      ("signature", v["signature_certificate_expires"], signature_status))
    ]  # fmt: skip
