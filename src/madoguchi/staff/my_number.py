"""The My Number (個人番号): checked, masked, and found by a blind index.

    from madoguchi.staff.my_number import validate_my_number, mask_my_number, my_number_index

    number = validate_my_number(form_value)       # "621498320257" or RulesInputError (ja/en)
    resident.my_number = number                   # an EncryptedTextField(purpose="counter.my_number")
    resident.my_number_index = my_number_index(number)
    Resident.objects.filter(my_number_index=my_number_index(typed))   # find by number
    mask_my_number(number)                        # "**** **** 0257"

The check digit is python-stdnum's `stdnum.jp.in_` (総務省令第85号 5条), not ours.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.jp import in_

from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.messages import input_error

from .crypto import blind_index

INDEX_PURPOSE = "my-number"
# The last four digits stay visible: enough for a clerk to match the number to
# the card in the resident's hand and tell two numbers apart, while the eight
# hidden digits (seven, given the check digit) leave ten million candidates.
# It is also the common practice of Japanese notices and payroll slips.
VISIBLE_DIGITS = 4
_PLAIN = re.compile(r"[0-9]{12}")  # twelve ASCII digits, nothing between them


def normalise(value: str) -> str:
    """Full-width digits (１２３４) become ASCII; spaces and hyphens go."""
    return in_.compact(unicodedata.normalize("NFKC", value or ""))


def validate_my_number(value: str) -> str:
    """The 12 digits of a valid My Number, or RulesInputError saying what is wrong.
    The messages never repeat the number."""
    if value and _PLAIN.fullmatch(value) and in_.calc_check_digit(value[:-1]) == value[-1]:
        return value  # as most are given (a resident import's million): nothing to normalise, the check digit once
    number = normalise(value)
    try:
        return in_.validate(number)
    except InvalidLength:
        raise input_error("my-number-length", n=len(number)) from None
    except InvalidFormat:
        raise input_error("my-number-format") from None
    except InvalidChecksum:
        raise input_error("my-number-check-digit") from None


def mask_my_number(value: str) -> str:
    """`**** **** 0257`: the form shown to everyone who has not revealed the number."""
    digits = normalise(value)
    if len(digits) != 12 or not digits.isdigit():
        return "**** **** ****"
    return f"**** **** {digits[-VISIBLE_DIGITS:]}"


def my_number_index(value: str) -> str:
    """HMAC-SHA256 of the valid number with MADOGUCHI_INDEX_KEY: store it beside the
    encrypted number and search by it. Raises RulesInputError on an invalid number."""
    return blind_index(validate_my_number(value), purpose=INDEX_PURPOSE)
