"""What a resident types when booking: a name, its reading, one contact, a party size.

Checked here once for the pages, the API and the waiting list. No My Number is
asked; a 12-digit number in any field is refused so that none is kept by mistake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from madoguchi.rules.text import LANGUAGES, Text

from .errors import BookingError

MESSAGES = {
    "name_missing": Text(
        "氏名を入力してください。", "Enter your name.", "なまえを かいて ください。"
    ),
    "name_too_long": Text(
        "氏名は100文字以内で入力してください。", "Your name must be 100 characters or fewer.", "なまえは 100もじ までです。"
    ),
    "kana_missing": Text(
        "フリガナを入力してください。", "Enter the reading of your name in kana (フリガナ).", "なまえの よみかた（カタカナ）を かいて ください。"
    ),
    "kana_not_kana": Text(
        "フリガナはカタカナかひらがなで入力してください。",
        "Write the reading of your name in katakana or hiragana, e.g. コガネイ タロウ.",
        "よみかたは カタカナか ひらがなで かいて ください。",
    ),
    "contact_missing": Text(
        "メールアドレスか電話番号のどちらかを入力してください。",
        "Give an email address or a phone number, so the city can reach you if the counter must close.",
        "メールか でんわばんごうを かいて ください。",
    ),
    "email_invalid": Text(
        "メールアドレスの形式が正しくありません（例: taro@example.jp）。",
        "That email address is not valid; check it (e.g. taro@example.jp).",
        "メールアドレスが ただしく ありません。",
    ),
    "phone_invalid": Text(
        "電話番号は数字10桁か11桁で入力してください（例: 042-387-9830）。",
        "Give a Japanese phone number of 10 or 11 digits (e.g. 042-387-9830).",
        "でんわばんごうは すうじ 10けたか 11けたで かいて ください。",
    ),
    "party_size": Text(
        "人数は1人から{max}人までで入力してください。",
        "The party size must be from 1 to {max} people.",
        "にんずうは 1にんから {max}にん までです。",
    ),
    "no_my_number": Text(
        "マイナンバー（12桁の番号）は入力しないでください。",
        "Do not enter a My Number (12 digits); the booking does not need it.",
        "マイナンバー（12けたの ばんごう）は かかないで ください。",
    ),
}

KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\u309d\u309e\u30fd\u30fe 　]+$")
TWELVE_DIGITS = re.compile(r"\d{12}")


@dataclass(frozen=True)
class Visitor:
    name: str
    name_kana: str
    email: str = ""
    phone: str = ""
    party_size: int = 1
    language: str = "ja"  # of the pages or API the resident used: notices about the booking follow it


def _fail(code: str, field: str, **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=422, field=field)


def clean_visitor(
    name: str, name_kana: str, email: str = "", phone: str = "", party_size: object = 1, *, language: str = "ja"
) -> Visitor:
    """The visitor, normalised (NFKC, trimmed), or a BookingError naming the field."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    name_kana = unicodedata.normalize("NFKC", name_kana or "").strip()
    email = (email or "").strip()
    phone = unicodedata.normalize("NFKC", phone or "").strip()
    for field, value in (("name", name), ("name_kana", name_kana), ("email", email), ("phone", phone)):
        if TWELVE_DIGITS.search(value.replace("-", "").replace(" ", "")):
            raise _fail("no_my_number", field)
    if not name:
        raise _fail("name_missing", "name")
    if len(name) > 100 or any(unicodedata.category(c).startswith("C") for c in name):
        raise _fail("name_too_long", "name")
    if not name_kana:
        raise _fail("kana_missing", "name_kana")
    if len(name_kana) > 100 or not KANA.match(name_kana):
        raise _fail("kana_not_kana", "name_kana")
    if not email and not phone:
        raise _fail("contact_missing", "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _fail("email_invalid", "email") from None
        if len(email) > 254:
            raise _fail("email_invalid", "email")
    if phone:
        digits = phone.replace("-", "").replace(" ", "")
        if not (digits.isdigit() and digits.isascii() and len(digits) in (10, 11) and digits.startswith("0")):
            raise _fail("phone_invalid", "phone")
    max_party = settings.BOOKING_MAX_PARTY_SIZE
    try:
        size = int(party_size) if not isinstance(party_size, bool) else -1
    except (TypeError, ValueError):
        size = -1
    if not (1 <= size <= max_party):
        raise _fail("party_size", "party_size", max=max_party)
    return Visitor(name, name_kana, email, phone, size, language if language in LANGUAGES else "ja")
