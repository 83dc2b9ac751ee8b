"""The CSV columns of a resident export, and checking one row (docs/counter.md).

A row is checked on its own (formats, dates, the My Number's check digit, the
card's dates against the validity rules' order) and against the rows before it
(no register id, card serial or My Number twice). Every problem names the row,
the column and what to do, in Japanese and English; none repeats a My Number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.lifecycle import CARD_STATUSES
from madoguchi.rules.text import LANGUAGES, Text
from madoguchi.staff.my_number import validate_my_number

# name, required, what it holds
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("register_id", True, "宛名番号 (the current system's resident id), unique"),
    ("family_name", True, "氏 (kanji)"),
    ("given_name", True, "名 (kanji)"),
    ("family_name_kana", True, "氏 (katakana)"),
    ("given_name_kana", True, "名 (katakana)"),
    ("birth_date", True, "YYYY-MM-DD"),
    ("sex", True, "male | female (男 | 女)"),
    ("address", True, "住所"),
    ("household", True, "世帯番号"),
    ("nationality", False, "ISO 3166 alpha-2; blank or JP for Japanese"),
    ("status_of_residence", False, "在留資格"),
    ("period_of_stay_end", False, "YYYY-MM-DD; blank when there is none"),
    ("my_number", False, "12 digits"),
    ("card_serial", False, "blank: no card"),
    ("card_status", False, "active | suspended | ... (default active)"),
    ("card_issued", False, "YYYY-MM-DD (required with a card)"),
    ("card_expires", False, "YYYY-MM-DD (required with a card)"),
    ("notes_used", False, "entries in the notes field (default 0)"),
    ("notes_capacity", False, "the notes field's capacity (default: data/national/lifecycle.yaml)"),
    ("user_certificate_expires", False, "YYYY-MM-DD; blank: none"),
    ("signature_certificate_expires", False, "YYYY-MM-DD; blank: none"),
    ("language", False, "ja | en | easy: the language of the city's letters and mail (default ja)"),
)
NAMES = tuple(c[0] for c in COLUMNS)
REQUIRED = tuple(c[0] for c in COLUMNS if c[1])
SEXES = {"male": "male", "female": "female", "男": "male", "女": "female"}
KATAKANA = re.compile(r"^[\u30a0-\u30ff\u3000 ー・]+$")

MESSAGES = {
    "missing": Text("必須の列です。値を入れてください。", "Required: give a value.", "いります。"),
    "bad_date": Text("日付は YYYY-MM-DD で入力してください（値: {value}）。", "Give the date as YYYY-MM-DD (got {value}).", "ひづけ"),
    "future_birth": Text("生年月日が今日より後です。", "The birth date is after today.", "ひづけ"),
    "bad_sex": Text("male / female（男 / 女）のいずれかです（値: {value}）。", "Use male or female (男 or 女), got {value}.", "せいべつ"),
    "not_katakana": Text("カタカナで入力してください。", "Write it in katakana.", "カタカナ"),
    "bad_language": Text(
        "お知らせの言語は ja・en・easy のいずれかです（値: {value}）。空欄は ja です。",
        "The language of notices is ja, en or easy (got {value}); blank means ja.",
        "ことば は ja・en・easy の どれか です。",
    ),
    "bad_nationality": Text("国籍は2文字の国コード（例: VN）です（値: {value}）。", "Nationality is a 2-letter country code such as VN (got {value}).", "くに"),
    "bad_number": Text("{problem}", "{problem}", "{problem}"),
    "duplicate": Text("{what}がファイルの{row}行目と重複しています。", "The same {what} as row {row} of the file.", "おなじ"),
    "exists": Text("この宛名番号はすでに取り込まれています。", "This register id was imported already.", "もう ある"),
    "serial_exists": Text("このカード番号はすでに登録されています。", "This card serial is recorded already.", "もう ある"),
    "number_exists": Text("この個人番号はすでに別の住民に登録されています。", "This My Number is recorded for another resident already.", "もう ある"),
    "card_dates": Text("カードがある場合は発行日と有効期限が必要です。", "A card needs its issue date and expiry.", "ひづけ"),
    "card_order": Text("有効期限が発行日より前です。", "The expiry is before the issue date.", "ひづけ"),
    "issued_before_birth": Text("カードの発行日が生年月日より前です。", "The card was issued before the birth date.", "ひづけ"),
    "bad_status": Text("カードの状態は {choices} のいずれかです（値: {value}）。", "Card status is one of {choices} (got {value}).", "じょうたい"),
    "bad_count": Text("0以上の整数で入力してください（値: {value}）。", "Give a whole number, 0 or more (got {value}).", "かず"),
    "notes_over": Text("追記欄の記入数が容量を超えています。", "More notes entries than the field holds.", "おおい"),
    "card_fields_without_card": Text("カード番号がないのにカードの項目があります。", "Card fields are given without a card serial.", "カード"),
}


@dataclass(frozen=True)
class Problem:
    row: int  # 1 = the first data row (the header is row 0)
    column: str
    text: Text


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]


def _fmt(code: str, **fmt: object) -> Text:
    t = MESSAGES[code]
    return Text(t.ja.format(**fmt), t.en.format(**fmt), t.easy.format(**fmt))


def clean(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def kana(value: str | None) -> str:
    # NFKC turns half-width kana into full-width; hiragana become katakana.
    text = clean(value)
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def check_row(number: int, raw: dict[str, str], today: date, default_capacity: int) -> tuple[ParsedRow | None, list[Problem]]:
    """One row's values, typed, or the problems found in it."""
    problems: list[Problem] = []

    def fail(column: str, code: str, **fmt: object) -> None:
        problems.append(Problem(number, column, _fmt(code, **fmt)))

    v: dict[str, object] = {}
    for column in REQUIRED:
        if not clean(raw.get(column)):
            fail(column, "missing")
    for column in ("register_id", "family_name", "given_name", "address", "household", "status_of_residence"):
        v[column] = clean(raw.get(column))
    for column in ("family_name_kana", "given_name_kana"):
        v[column] = kana(raw.get(column))
        if v[column] and not KATAKANA.match(str(v[column])):
            fail(column, "not_katakana")

    def day(column: str) -> date | None:
        text = clean(raw.get(column))
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            fail(column, "bad_date", value=text[:20])
            return None

    for column in ("birth_date", "period_of_stay_end", "card_issued", "card_expires", "user_certificate_expires", "signature_certificate_expires"):
        v[column] = day(column)
    if isinstance(v["birth_date"], date) and v["birth_date"] > today:
        fail("birth_date", "future_birth")
    sex = clean(raw.get("sex")).lower()
    if sex and sex not in SEXES:
        fail("sex", "bad_sex", value=sex[:10])
    v["sex"] = SEXES.get(sex, "")
    nationality = clean(raw.get("nationality")).upper()
    if nationality and not re.fullmatch(r"[A-Z]{2}", nationality):
        fail("nationality", "bad_nationality", value=nationality[:10])
    v["nationality"] = "" if nationality == "JP" else nationality
    language = clean(raw.get("language")).lower() or "ja"
    if language not in LANGUAGES:
        fail("language", "bad_language", value=language[:10])
    v["language"] = language
    given_number = clean(raw.get("my_number"))
    v["my_number"] = ""
    if given_number:
        try:
            v["my_number"] = validate_my_number(given_number)
        except RulesInputError as e:  # its messages never repeat the number
            problems.append(Problem(number, "my_number", Text(e.message_ja, e.message_en, e.message_ja)))
    _check_card(raw, v, fail, default_capacity)
    return (None if problems else ParsedRow(number, v)), problems


def _check_card(raw: dict[str, str], v: dict[str, object], fail, default_capacity: int) -> None:
    serial = clean(raw.get("card_serial"))
    v["card_serial"] = serial
    card_fields = ("card_status", "card_issued", "card_expires", "notes_used", "user_certificate_expires", "signature_certificate_expires")
    if not serial:
        if any(clean(raw.get(c)) for c in card_fields):
            fail("card_serial", "card_fields_without_card")
        return
    status = clean(raw.get("card_status")) or "active"
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
        text = clean(raw.get(column))
        if not text:
            v[column] = default
        elif text.isdigit():
            v[column] = int(text)
        else:
            fail(column, "bad_count", value=text[:10])
            v[column] = default
    if v["notes_used"] > v["notes_capacity"]:
        fail("notes_used", "notes_over")
