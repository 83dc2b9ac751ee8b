"""The CSV columns of a resident export, and checking one row (docs/counter.md).

Each column names the model field it is stored in; what a value may be comes
from that field: a date for a DateField, a whole number within the field's
range for an integer field, text no longer than its `max_length` for a
CharField. So the row checks refuse on SQLite exactly what PostgreSQL would
refuse, and a new field length needs no second list. On top of that, each
column's own rule (katakana, the My Number's check digit, a known card state,
the card's dates in order ...).

A row is checked on its own and against the rows before it (no register id,
card serial or My Number twice). Every problem names the row, the column and
what to do (counter/messages.yaml, `counter.import.*`); none repeats a My
Number or a long value.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from madoguchi.core.inputs import MY_NUMBER_DIGITS, contains_my_number
from madoguchi.rules.dated import Dated
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle import CARD_STATUSES
from madoguchi.rules.text import LANGUAGES, Text
from madoguchi.staff.my_number import validate_my_number
from madoguchi.web.messages import messages


# name, required, the model field it is stored in (Model.field), what it holds
COLUMNS: tuple[tuple[str, bool, str, str], ...] = (
    ("register_id", True, "Resident.register_id", "宛名番号 (the current system's resident id), unique"),
    ("family_name", True, "Resident.family_name", "氏 (kanji)"),
    ("given_name", True, "Resident.given_name", "名 (kanji)"),
    ("family_name_kana", True, "Resident.family_name_kana", "氏 (katakana)"),
    ("given_name_kana", True, "Resident.given_name_kana", "名 (katakana)"),
    ("birth_date", True, "Resident.birth_date", "YYYY-MM-DD"),
    ("sex", True, "Resident.sex", "male | female (男 | 女)"),
    ("address", True, "Resident.address", "住所"),
    ("household", True, "Resident.household", "世帯番号"),
    ("nationality", False, "Resident.nationality", "ISO 3166 alpha-2; blank or JP for Japanese"),
    ("status_of_residence", False, "Resident.status_of_residence", "在留資格"),
    ("period_of_stay_end", False, "Resident.period_of_stay_end", "YYYY-MM-DD; blank when there is none"),
    ("my_number", False, "Resident.my_number", "12 digits"),
    ("card_serial", False, "Card.serial", "blank: no card"),
    ("card_status", False, "Card.status", "active | suspended | ... (default active)"),
    ("card_issued", False, "Card.issued", "YYYY-MM-DD (required with a card)"),
    ("card_expires", False, "Card.expires", "YYYY-MM-DD (required with a card)"),
    ("notes_used", False, "Card.notes_used", "entries in the notes field (default 0)"),
    ("notes_capacity", False, "Card.notes_capacity", "the notes field's capacity (default: data/national/lifecycle.yaml)"),
    ("user_certificate_expires", False, "Certificate.expires", "YYYY-MM-DD; blank: none"),
    ("signature_certificate_expires", False, "Certificate.expires", "YYYY-MM-DD; blank: none"),
    ("residence_card", False, "Card.serves_as_residence_card", "特定在留カード: yes | no (はい | いいえ, 1 | 0; default no); a card issued from 2026-06-14"),
    ("language", False, "Resident.language", "ja | en | easy: the language of the city's letters and mail (default ja)"),
    ("adult_ward", False, "Resident.adult_ward", "成年被後見人: yes | no (default no); no 署名用 certificate is issued"),
)
NAMES = tuple(c[0] for c in COLUMNS)
# In a name, any 12 digits can only be a mistyped My Number (core/inputs.py).
PERSON_NAMES = ("family_name", "given_name", "family_name_kana", "given_name_kana")
# The columns a person wrote as text; the register's ids (register_id,
# household) may be 12 digits of their own and are not guarded.
FREE_TEXT = (*PERSON_NAMES, "address", "status_of_residence")
REQUIRED = tuple(c[0] for c in COLUMNS if c[1])
_NAME_SET = frozenset(NAMES)
_free_text, _required = operator.itemgetter(*FREE_TEXT), operator.itemgetter(*REQUIRED)



@functools.cache
def fields() -> dict[str, models.Field]:
    """Each column's model field (looked up once Django's apps are loaded: the
    column names alone are importable without them, e.g. by bench/import)."""
    from .. import models as counter_models

    def field(path: str) -> models.Field:
        model, name = path.split(".")
        return getattr(counter_models, model)._meta.get_field(name)

    return {name: field(path) for name, _, path, _ in COLUMNS}


@functools.cache
def date_columns() -> tuple[str, ...]:
    return tuple(name for name, f in fields().items() if isinstance(f, models.DateField))


@functools.cache
def count_columns() -> tuple[str, ...]:
    return tuple(name for name, f in fields().items() if isinstance(f, models.IntegerField))


# Every engine's range for an integer field (Django's portable table, not the connection's).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
CARD_COLUMNS = (
    "card_status", "card_issued", "card_expires", "notes_used", "user_certificate_expires", "signature_certificate_expires",
    "residence_card",
)  # fmt: skip
SEXES = {"male": "male", "female": "female", "男": "male", "女": "female"}
KATAKANA = re.compile(r"^[\u30a0-\u30ff\u3000 ー・]+$")
WHOLE_NUMBER = re.compile(r"[0-9]+")
YES_NO = {"yes": True, "no": False, "はい": True, "いいえ": False, "1": True, "0": False, "true": True, "false": False}


def say(code: str, **fmt: object) -> Text:
    """A problem's words from the catalog, filled in every language."""
    text = messages()[f"counter.import.{code}"]
    return text.format(**fmt) if fmt else text


@dataclass(frozen=True)
class Problem:
    row: int  # 1 = the first data row (the header is row 0)
    column: str
    text: Text


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]


def clean(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_HIRAGANA = re.compile("[\u3041-\u3096]")  # what _HIRAGANA_TO_KATAKANA changes


def kana(value: str | None) -> str:
    # NFKC turns half-width kana into full-width; hiragana become katakana.
    return clean(value).translate(_HIRAGANA_TO_KATAKANA)


# Unicode's control characters (category Cc) are exactly these two ranges.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# ... but the NUL that joins a row's values in `_cleaned`.
_CONTROL_BUT_NUL = re.compile(r"[\x01-\x1f\x7f-\x9f]")
_DIGIT = re.compile(r"\d")  # contains_my_number finds nothing in text without one
_NATIONALITY = re.compile(r"[A-Z]{2}")


def has_control_character(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _cleaned(raw: dict[str, str]) -> tuple[dict[str, str], bool]:
    """clean() of each column's value (a column not in the file: blank), and
    whether any may hold a control character. One NFKC for the whole row: a NUL
    between the values is a stable code point (UAX #15 §9), so normalising the
    joined row is normalising each value."""
    try:
        joined = unicodedata.normalize("NFKC", "\x00".join(raw.values()))
    except TypeError:  # not a row of text (a missing field's None): each value on its own
        joined = None
    parts = joined.split("\x00") if joined is not None else ()
    if len(parts) != len(raw):  # ... or a NUL in a value (a bad row)
        return {column: clean(raw.get(column)) for column in NAMES}, True
    cleaned = dict(zip(raw, map(str.strip, parts)))
    if cleaned.keys() != _NAME_SET:  # the optional columns the file leaves out
        cleaned = {column: cleaned.get(column, "") for column in NAMES}
    return cleaned, _CONTROL_BUT_NUL.search(joined) is not None


def check_row(
    number: int, raw: dict[str, str], today: date, default_capacity: int, residence_card_allowed: Dated[bool] | None = None
) -> tuple[ParsedRow | None, list[Problem]]:
    """One row's values, typed, or the problems found in it. `residence_card_allowed`:
    from which issue date a card may be a 特定在留カード (the national rules'
    dated `tokutei_zairyu_card`); without it, none may be.

    Run once per row of a million-row import: each check is bound once (the
    tables below), a check that cannot fail on the common value is passed over
    by one test on it (no control character in the row, no digit in a name),
    and a rare value takes the full path."""
    problems: list[Problem] = []
    failed: set[str] = set()

    def fail(column: str, code: str, **fmt: object) -> None:
        failed.add(column)
        problems.append(Problem(number, column, say(code, **fmt)))

    raw, maybe_control = _cleaned(raw)  # each value cleaned once; cleaning again changes nothing
    if maybe_control:
        for column in NAMES:
            if has_control_character(raw[column]):
                fail(column, "bad_character")
            elif column in FREE_TEXT and contains_my_number(raw[column], any_twelve_digits=column in PERSON_NAMES):
                fail(column, "my_number_in_text")
    elif len(_DIGIT.findall("\x00".join(_free_text(raw)))) >= MY_NUMBER_DIGITS:  # fewer: no number can hide in them
        for column in FREE_TEXT:
            # The one free-text guard (core/inputs.py): a My Number goes only in its
            # own column, encrypted; in a name or an address it would be stored plain.
            if contains_my_number(raw[column], any_twelve_digits=column in PERSON_NAMES):
                fail(column, "my_number_in_text")
    if not all(_required(raw)):
        for column in REQUIRED:
            if not raw[column] and column not in failed:
                fail(column, "missing")
    v: dict[str, object] = {
        "register_id": raw["register_id"], "family_name": raw["family_name"], "given_name": raw["given_name"],
        "address": raw["address"], "household": raw["household"], "status_of_residence": raw["status_of_residence"],
    }  # fmt: skip
    for column in ("family_name_kana", "given_name_kana"):
        v[column] = value = raw[column].translate(_HIRAGANA_TO_KATAKANA)  # kana() of a cleaned value
        if value and not KATAKANA.match(value) and column not in failed:
            fail(column, "not_katakana")
    for column in date_columns():
        text = raw[column]
        if not text:
            v[column] = None
            continue
        try:
            v[column] = date.fromisoformat(text)
        except ValueError:
            fail(column, "bad_date", value=text[:20])
            v[column] = None
    if v["birth_date"] is not None and v["birth_date"] > today:
        fail("birth_date", "future_birth")
    sex = raw["sex"].lower()
    if sex and sex not in SEXES:
        fail("sex", "bad_sex", value=sex[:10])
    v["sex"] = SEXES.get(sex, "")
    nationality = raw["nationality"].upper()
    if nationality and not _NATIONALITY.fullmatch(nationality):
        fail("nationality", "bad_nationality", value=nationality[:10])
    v["nationality"] = "" if nationality == "JP" else nationality
    language = raw["language"].lower() or "ja"
    if language not in LANGUAGES:
        fail("language", "bad_language", value=language[:10])
    v["language"] = language
    given_number = raw["my_number"]
    v["my_number"] = ""
    if given_number:
        try:
            v["my_number"] = validate_my_number(given_number)
        except RulesInputError as e:  # its messages never repeat the number
            problems.append(Problem(number, "my_number", e.text))
            failed.add("my_number")
    _check_card(raw, v, fail, default_capacity)
    if raw["residence_card"]:
        _check_residence_card(raw, v, fail, residence_card_allowed)
    else:
        v["residence_card"] = False
    ward = raw["adult_ward"].lower()
    if ward and ward not in YES_NO:
        fail("adult_ward", "bad_yes_no", value=ward[:10])
    v["adult_ward"] = YES_NO.get(ward, False)
    _check_against_fields(v, failed, fail)
    return (None if problems else ParsedRow(number, v)), problems


# A column's values joined by NUL all pass their rule: one match over the column.
_KATAKANA_COLUMN = re.compile(r"[\u30a0-\u30ff\u3000 ー・]*(?:\x00[\u30a0-\u30ff\u3000 ー・]*)*")
_NATIONALITY_COLUMN = re.compile(r"(?:[A-Z]{2})?(?:\x00(?:[A-Z]{2})?)*")
_KEYS = (
    "register_id", "family_name", "given_name", "address", "household", "status_of_residence", "family_name_kana",
    "given_name_kana", "birth_date", "period_of_stay_end", "card_issued", "card_expires", "user_certificate_expires",
    "signature_certificate_expires", "sex", "nationality", "language", "my_number", "card_serial", "residence_card",
    "adult_ward",
)  # fmt: skip
_CARD_ONLY = ("card_status", "notes_used", "notes_capacity")  # a row without a card has none of these


def check_rows(
    header: list[str], rows: list[tuple[int, list[str]]], today: date, default_capacity: int,
    residence_card_allowed: Dated[bool] | None = None,
) -> list[tuple[ParsedRow | None, list[Problem]]]:
    """check_row of many rows at once, the same values and problems in the same order:
    `rows` are (row number, the values in the header's order, exactly as many as it has:
    a row of another width is the import's rare row, load's own path).

    Each rule runs over a whole column (one NFKC of all the rows, one match of a
    column's values joined, one conversion per distinct date); a row any column
    flags (a rule it may fail, a rare value: a control character, twelve digits in
    its free text, a 特定在留カード) is checked by check_row itself. So check_row stays
    the one definition of a row's problems and their words, and a row with none,
    almost every row of an export, is built without running it."""
    width, n = len(header), len(rows)
    if not n:
        return []
    exact = functools.partial(_exact, header, today=today, capacity=default_capacity, allowed=residence_card_allowed)
    text = "\x00".join(itertools.chain.from_iterable(values for _, values in rows))
    if any(len(values) != width for _, values in rows):
        raise ValueError("check_rows takes rows as wide as the header")
    if len(set(header)) != width:  # a header naming a column twice: each row as check_row has it
        return [exact(number, values) for number, values in rows]
    if text.count("\x00") != n * width - 1:  # a NUL in a value (a bad row): those rows on their own
        with_nul = [any("\x00" in value for value in values) for _, values in rows]
        rest = iter(check_rows(header, [row for row, nul in zip(rows, with_nul) if not nul], today, default_capacity, residence_card_allowed))
        return [exact(*row) if nul else next(rest) for row, nul in zip(rows, with_nul)]
    normal = unicodedata.normalize("NFKC", text)  # NUL is stable (see _cleaned): each value's NFKC
    parts = normal.split("\x00")
    flagged: set[int] = set()
    if _CONTROL_BUT_NUL.search(normal) is not None:  # before stripping, as check_row looks
        flagged.update(i for i in range(n) if _CONTROL_BUT_NUL.search("\x00".join(parts[i * width : (i + 1) * width])))
    flat = list(map(str.strip, parts))
    blank = [""] * n
    c = {name: blank for name in NAMES} | {name: flat[i::width] for i, name in enumerate(header)}
    _flag_free_text(c, flagged)
    for column in REQUIRED:
        if not all(c[column]):
            flagged.update(i for i, value in enumerate(c[column]) if not value)
    v: dict[str, list] = {name: c[name] for name in ("register_id", "family_name", "given_name", "address", "household", "status_of_residence", "card_serial")}
    for column in ("family_name_kana", "given_name_kana"):
        values = c[column]
        if _HIRAGANA.search("\x00".join(values)) is not None:  # most exports give katakana already
            values = [value.translate(_HIRAGANA_TO_KATAKANA) for value in values]
        v[column] = values
        if not _KATAKANA_COLUMN.fullmatch("\x00".join(values)):
            flagged.update(i for i, value in enumerate(values) if value and not KATAKANA.match(value))
    for column in date_columns():
        v[column] = _column_dates(c[column], flagged)
    flagged.update(i for i, day in enumerate(v["birth_date"]) if day is not None and day > today)
    v["sex"] = _column_choice(list(map(str.lower, c["sex"])), SEXES, flagged, blank_ok="")
    nationality = list(map(str.upper, c["nationality"]))
    if not _NATIONALITY_COLUMN.fullmatch("\x00".join(nationality)):
        flagged.update(i for i, value in enumerate(nationality) if value and not _NATIONALITY.fullmatch(value))
    v["nationality"] = ["" if value == "JP" else value for value in nationality]
    v["language"] = language = [value or "ja" for value in map(str.lower, c["language"])]
    if not set(language) <= set(LANGUAGES):
        flagged.update(i for i, value in enumerate(language) if value not in LANGUAGES)
    v["my_number"] = _column_numbers(c["my_number"], flagged)
    # A 特定在留カード has its own rules (nationality, issue date): check_row's; "no" is the common value.
    v["residence_card"] = _column_choice(list(map(str.lower, c["residence_card"])), YES_NO, flagged, blank_ok=False, only=False)
    v["adult_ward"] = _column_choice(list(map(str.lower, c["adult_ward"])), YES_NO, flagged, blank_ok=False)
    card_values = _column_cards(c, v, flagged, default_capacity)
    _flag_limits(v, dict(zip(_CARD_ONLY, card_values)), flagged)
    serials = c["card_serial"]
    out: list[tuple[ParsedRow | None, list[Problem]]] = []
    for i, (number, values), row, card in zip(itertools.count(), rows, zip(*map(v.__getitem__, _KEYS)), zip(*card_values)):
        if i not in flagged:
            parsed = dict(zip(_KEYS, row))
            if serials[i]:
                parsed.update(zip(_CARD_ONLY, card))
            out.append((ParsedRow(number, parsed), []))
            continue
        out.append(exact(number, values))
    return out


def _exact(header: list[str], number: int, values: list[str], *, today: date, capacity: int, allowed: Dated[bool] | None):
    return check_row(number, dict(zip(header, values)), today, capacity, allowed)


def _flag_free_text(c: dict[str, list[str]], flagged: set[int]) -> None:
    """The rows whose free text holds 12 digits or more (check_row's My Number guard runs on them)."""
    counts: list[int] | None = None
    for column in FREE_TEXT:
        values = c[column]
        if _DIGIT.search("\x00".join(values)) is None:
            continue
        digits = [len(_DIGIT.findall(value)) if value else 0 for value in values]
        counts = digits if counts is None else list(map(operator.add, counts, digits))
    if counts is not None:
        flagged.update(i for i, count in enumerate(counts) if count >= MY_NUMBER_DIGITS)


def _flag_limits(v: dict[str, list], cards: dict[str, list], flagged: set[int]) -> None:
    """The rows with a value _check_against_fields would refuse (too long, out of range),
    a column at a time: one maximum of its lengths or values over the batch."""
    for column, max_length, number_range in _limits():
        values = v[column] if column in v else cards[column]
        if max_length is not None:
            if max(map(len, values)) > max_length:
                flagged.update(i for i, value in enumerate(values) if len(value) > max_length)
        elif number_range is not None and not number_range[0] <= min(values) <= max(values) <= number_range[1]:
            flagged.update(i for i, value in enumerate(values) if not number_range[0] <= value <= number_range[1])


def _column_dates(texts: list[str], flagged: set[int]) -> list[date | None]:
    """Each distinct text converted once; a blank is None; a row with a text that is no date is flagged."""
    days: dict[str, date | None] = {}
    wrong = set()
    for text in set(texts):
        if text:
            try:
                days[text] = date.fromisoformat(text)
            except ValueError:
                wrong.add(text)
    if wrong:
        flagged.update(i for i, text in enumerate(texts) if text in wrong)
    return list(map(days.get, texts))


def _column_choice(values: list[str], choices: dict, flagged: set[int], *, blank_ok: object, only: object = ...) -> list:
    """Each value's choice (a blank: `blank_ok`); a value not among them is flagged, as is
    one whose choice is not `only` when given."""
    known = {**choices, "": blank_ok}
    if not set(values) <= known.keys() or (only is not ... and any(known[value] != only for value in set(values) if value)):
        flagged.update(i for i, value in enumerate(values) if value not in known or (only is not ... and value and known[value] != only))
    return list(map(known.get, values, itertools.repeat(blank_ok)))


def _column_numbers(numbers: list[str], flagged: set[int]) -> list[str]:
    out = []
    for i, given in enumerate(numbers):
        if not given:
            out.append("")
            continue
        try:
            out.append(validate_my_number(given))
        except RulesInputError:
            flagged.add(i)
            out.append("")
    return out


def _column_cards(c: dict[str, list[str]], v: dict[str, list], flagged: set[int], default_capacity: int) -> tuple[list, list, list]:
    """The card's own values (status, the notes counts) and its rules (_check_card's), row by row
    for the rows with a card; a row without one is flagged if it has any card value."""
    n = len(c["card_serial"])
    status, used, capacity = [""] * n, [0] * n, [default_capacity] * n
    serials = c["card_serial"]
    if not all(serials):  # a row without a card may have no card value
        without = [i for i, serial in enumerate(serials) if not serial]
        any_value = list(map(any, zip(*(c[column] for column in CARD_COLUMNS))))
        flagged.update(i for i in without if any_value[i])
    for i in itertools.compress(range(n), serials):
        status[i] = given = c["card_status"][i] or "active"
        issued, expires, born = v["card_issued"][i], v["card_expires"][i], v["birth_date"][i]
        counts = []
        for column, default in (("notes_used", 0), ("notes_capacity", default_capacity)):
            text = c[column][i]
            counts.append(default if not text else int(text) if WHOLE_NUMBER.fullmatch(text) else None)
        if (given not in CARD_STATUSES or issued is None or expires is None or expires < issued
                or (born is not None and issued < born) or None in counts or counts[0] > counts[1]):  # fmt: skip
            flagged.add(i)
            continue
        used[i], capacity[i] = counts
    return status, used, capacity


def _day(column: str, raw: dict[str, str], fail) -> date | None:
    text = raw.get(column)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(column, "bad_date", value=text[:20])
        return None


def _check_card(raw: dict[str, str], v: dict[str, object], fail, default_capacity: int) -> None:
    serial = raw.get("card_serial")
    v["card_serial"] = serial
    if not serial:
        if any(map(raw.get, CARD_COLUMNS)):
            fail("card_serial", "card_fields_without_card")
        return
    status = raw.get("card_status") or "active"
    if status not in CARD_STATUSES:
        fail("card_status", "bad_status", choices=", ".join(CARD_STATUSES), value=status[:20])
    v["card_status"] = status
    issued, expires = v["card_issued"], v["card_expires"]
    if issued is None or expires is None:
        fail("card_issued" if issued is None else "card_expires", "card_dates")
    elif expires < issued:
        fail("card_expires", "card_order")
    if isinstance(issued, date) and isinstance(v["birth_date"], date) and issued < v["birth_date"]:
        fail("card_issued", "issued_before_birth")
    for column, default in (("notes_used", 0), ("notes_capacity", default_capacity)):
        text = raw.get(column)
        if not text:
            v[column] = default
        elif WHOLE_NUMBER.fullmatch(text):
            v[column] = int(text)
        else:
            fail(column, "bad_count", value=text[:10])
            v[column] = default
    if v["notes_used"] > v["notes_capacity"]:
        fail("notes_used", "notes_over")


def _check_residence_card(raw: dict[str, str], v: dict[str, object], fail, allowed: Dated[bool] | None) -> None:
    """A 特定在留カード (FACTS.md §9): a foreign resident's card, issued on or after
    the day the law allows one (a card without a serial is refused by _check_card)."""
    text = raw.get("residence_card").lower()
    v["residence_card"] = False
    if not text:
        return
    if text not in YES_NO:
        fail("residence_card", "bad_yes_no", value=text[:10])
        return
    v["residence_card"] = YES_NO[text]
    if not v["residence_card"] or not v.get("card_serial"):
        return
    if not v["nationality"]:
        fail("residence_card", "residence_card_not_foreign")
    issued = v.get("card_issued")
    if isinstance(issued, date) and not _allowed_on(allowed, issued):
        fail("residence_card", "residence_card_too_early", since=_first_day(allowed))


def _allowed_on(allowed: Dated[bool] | None, day: date) -> bool:
    if allowed is None:
        return False
    try:
        return bool(allowed.on(day))
    except LookupError:  # before any recorded value
        return False


def _first_day(allowed: Dated[bool] | None) -> str:
    days = [c.effective for c in (allowed.changes if allowed else ()) if c.value and c.effective]
    return days[0].isoformat() if days else "—"


@functools.cache
def _limits() -> tuple[tuple[str, int | None, tuple[int, int] | None], ...]:
    """(column, max_length of text, (min, max) of a count) from each column's field,
    for the columns that have either (the others cannot be too long or too large)."""
    counts = count_columns()
    limits = (
        (column, field.max_length, INTEGER_RANGES[field.get_internal_type()] if column in counts else None)
        for column, field in fields().items()
    )
    return tuple(limit for limit in limits if limit[1] is not None or limit[2] is not None)


@functools.cache
def _within_limits() -> Callable[[dict[str, object]], bool]:
    """A test that passes a row's values when none can fail _check_against_fields:
    every text no longer than its field (one pass in C over the columns a row always
    has), and a card's counts and status within theirs."""
    card_only = ("card_status", *count_columns())
    text = [(column, max_length) for column, max_length, _ in _limits() if max_length is not None and column not in card_only]
    values, maxima = operator.itemgetter(*(c for c, _ in text)), tuple(m for _, m in text)
    card = [(column, max_length, number_range) for column, max_length, number_range in _limits() if column in card_only]

    def within(v: dict[str, object]) -> bool:
        if any(map(operator.gt, map(len, values(v)), maxima)):
            return False
        if not v["card_serial"]:
            return True
        for column, max_length, number_range in card:
            value = v[column]
            if max_length is not None and len(value) > max_length:
                return False
            if number_range is not None and not number_range[0] <= value <= number_range[1]:
                return False
        return True

    return within


def _check_against_fields(v: dict[str, object], failed: set[str], fail) -> None:
    """Each value as it would be stored, against its model field: the length of
    text, the range of a number. The same answer on every engine."""
    if _within_limits()(v):
        return
    for column, max_length, number_range in _limits():
        value = v.get(column)
        if value is None:
            continue
        if max_length is not None and isinstance(value, str):
            if len(value) > max_length and column not in failed:
                fail(column, "too_long", max=max_length, length=len(value))
        elif number_range is not None and isinstance(value, int) and not number_range[0] <= value <= number_range[1] and column not in failed:
            fail(column, "out_of_range", min=number_range[0], max=number_range[1])
