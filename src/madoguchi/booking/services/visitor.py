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

from madoguchi.core.inputs import FreeTextError, check_email, check_line
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


class VisitorErrors(BookingError):
    """Every field a resident got wrong, at once: the form shows them all (GOV.UK's error
    summary), not one a submission. It is itself the first of them, in the form's order, so
    the API's one problem and any caller that reads one error still read that one."""

    def __init__(self, errors: list[BookingError]):
        first = errors[0]
        super().__init__(first.code, first.text, status=first.status, field=first.field)
        self.errors = errors


def _guarded(field: str, value: str, longest: int, errors: list[BookingError]) -> bool:
    """The one free-text guard: no 12-digit number belongs in any of these fields (one can
    only be a My Number), nor a control or invisible character. False, with the error, if refused."""
    try:
        check_line(value, max_length=longest, any_twelve_digits=True)
    except FreeTextError as e:
        errors.append(BookingError(e.code, e.text, status=422, field=field))
        return False
    return True


def _email_ok(email: str) -> bool:
    """The one mail-address check (core/inputs.py), as the queue's tickets use it."""
    try:
        check_email(email)
    except FreeTextError:
        return False
    return True


def _phone_ok(phone: str) -> bool:
    digits = phone.replace("-", "").replace(" ", "")
    return digits.isdigit() and digits.isascii() and len(digits) in (10, 11) and digits.startswith("0")


def _party_size(value: object) -> int:
    try:
        return int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError):
        return -1


def clean_visitor(
    name: str, name_kana: str, email: str = "", phone: str = "", party_size: object = 1, *, language: str = "ja"
) -> Visitor:
    """The visitor, normalised (NFKC, trimmed), or VisitorErrors naming every field at fault, in the form's order."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    name_kana = unicodedata.normalize("NFKC", name_kana or "").strip()
    email = (email or "").strip()
    phone = unicodedata.normalize("NFKC", phone or "").strip()
    errors: list[BookingError] = []
    if _guarded("name", name, 100, errors) and not name:
        errors.append(_fail("name_missing", "name"))
    if _guarded("name_kana", name_kana, 100, errors):
        if not name_kana:
            errors.append(_fail("kana_missing", "name_kana"))
        elif not KANA.match(name_kana):
            errors.append(_fail("kana_not_kana", "name_kana"))
    if _guarded("email", email, 254, errors) and email and not _email_ok(email):
        errors.append(_fail("email_invalid", "email"))
    if _guarded("phone", phone, 20, errors) and phone and not _phone_ok(phone):
        errors.append(_fail("phone_invalid", "phone"))
    if not email and not phone:
        errors.append(_fail("contact_missing", "email"))
    max_party = settings.BOOKING_MAX_PARTY_SIZE
    size = _party_size(party_size)
    if not (1 <= size <= max_party):
        errors.append(_fail("party_size", "party_size", max=max_party))
    if errors:
        raise VisitorErrors(errors)
    return Visitor(name, name_kana, email, phone, size, language if language in ALL_LANGUAGES else "ja")
