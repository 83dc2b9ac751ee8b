"""What a resident types when booking: a name, its reading, one contact, a party size.

Checked here once for the pages, the API and the waiting list. No My Number is
asked; a 12-digit number in any field is refused (core.inputs, the one guard of
free text) so that none is kept by mistake, and a control or invisible
character is refused by name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import section
from madoguchi.rules.text import ALL_LANGUAGES

from .errors import BookingError

MESSAGES = section("booking.visitor")  # texts in booking/services/messages.yaml

KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\u309d\u309e\u30fd\u30fe 　]+$")


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
    for field, value, longest in (("name", name, 100), ("name_kana", name_kana, 100), ("email", email, 254), ("phone", phone, 20)):
        try:
            # No 12-digit number belongs in any of these: one can only be a My Number.
            check_line(value, max_length=longest, any_twelve_digits=True)
        except FreeTextError as e:
            raise BookingError(e.code, e.text, status=422, field=field) from None
    if not name:
        raise _fail("name_missing", "name")
    if not name_kana:
        raise _fail("kana_missing", "name_kana")
    if not KANA.match(name_kana):
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
    return Visitor(name, name_kana, email, phone, size, language if language in ALL_LANGUAGES else "ja")
