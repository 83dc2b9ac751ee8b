"""Cleaning free text: one line of plain text, never a My Number.

    from madoguchi.core.inputs import FreeTextError, check_line, line

    check_line(value, max_length=200)        # the value, or FreeTextError(code, text)
    class FaceIn(Schema):
        family_name: line(60)                # the same check as a pydantic type (the API, the counter)
    forms.CharField(validators=[line_validator(150)])   # ... and as a Django form validator

Every free-text input that is stored or logged (names, reasons, search
filters, notice numbers, usernames) passes here, so that no My Number is
ever kept where it cannot be encrypted or, in the append-only audit log,
ever redacted. A My Number is 12 digits, however typed: with spaces,
hyphens or dots between them, in full-width digits or separators, whose
last digit is the check digit of the first eleven (python-stdnum's
`stdnum.jp.in_`). Other 12-digit numbers (a police report's number, a
reference) pass: nine in ten fail the check. Fields where no 12-digit number
belongs at all (names) refuse any (`any_twelve_digits`).

The refusals say what is wrong: a control character (a NUL, a tab, a line
break), an invisible formatting one (a right-to-left override, a zero-width
space), a character UTF-8 cannot carry, too many characters. PostgreSQL
refuses a NUL and UTF-8 a lone surrogate; unchecked either would be a 500.
The messages never repeat what was typed.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import AfterValidator, StringConstraints
from stdnum.jp import in_

from madoguchi.rules.text import Text

from .messages import text

MY_NUMBER_DIGITS = 12
# What people put between the digits of a long number, after NFKC (which folds
# full-width digits, spaces, hyphens and full stops): spaces, dashes, dots.
_SEPARATORS = " \u00a0\t-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70.\u30fb\uff65\u3002\uff61"
_DIGIT_RUNS = re.compile(rf"[0-9](?:[{re.escape(_SEPARATORS)}]*[0-9])*")
_ANY_DIGIT = re.compile(r"\d")  # any decimal digit of any script (category Nd), after NFKC
_GROUP_SPLIT = re.compile(rf"[{re.escape(_SEPARATORS)}]+")


class FreeTextError(ValueError):
    """What is wrong with a free-text value: a code and the message in every language.
    A ValueError, so pydantic reports it as the field's validation error."""

    def __init__(self, code: str, message: Text):
        self.code, self.text = code, message
        super().__init__(f"{message.ja} / {message.en}")


@functools.cache
def _to_ascii_digits() -> dict[int, str]:
    """Every non-ASCII decimal digit (any script) to its ASCII digit, for
    str.translate; built on first need (a walk over every code point)."""
    return {
        code: str(unicodedata.decimal(chr(code)))
        for code in range(0x80, sys.maxunicode + 1)
        if unicodedata.decimal(chr(code), None) is not None
    }


def _ascii_digits(value: str) -> str:
    """NFKC, then every decimal digit of any script as its ASCII digit."""
    folded = unicodedata.normalize("NFKC", value)
    return folded if folded.isascii() else folded.translate(_to_ascii_digits())


def _candidates(run: str) -> list[str]:
    """The 12-digit numbers a run of digits and separators may hold: each whole
    group of exactly 12, and each sequence of consecutive groups making 12."""
    groups = [g for g in _GROUP_SPLIT.split(run) if g]
    found = []
    for i in range(len(groups)):
        digits = ""
        for group in groups[i:]:
            digits += group
            if len(digits) >= MY_NUMBER_DIGITS:
                break
        if len(digits) == MY_NUMBER_DIGITS:
            found.append(digits)
    return found


def contains_my_number(value: str, *, any_twelve_digits: bool = False) -> bool:
    """Whether the text holds a valid My Number, however it was typed; with
    `any_twelve_digits`, any 12 digits at all (see check_line)."""
    if not value:
        return False
    folded = unicodedata.normalize("NFKC", value)
    if _ANY_DIGIT.search(folded) is None:  # most text holds no digit of any script
        return False
    if len(_ANY_DIGIT.findall(folded)) < MY_NUMBER_DIGITS:  # an address's few digits cannot make a number of 12
        return False
    candidates = (c for run in _DIGIT_RUNS.findall(_ascii_digits(folded)) for c in _candidates(run))
    return any(any_twelve_digits or in_.is_valid(c) for c in candidates)


def _refusal(code: str, **fmt: object) -> FreeTextError:
    return FreeTextError(code, text(f"core.input.{code}", **fmt))


def refuse_my_number(value: str, *, any_twelve_digits: bool = False) -> str:
    """The value, unless it holds a My Number (FreeTextError `my_number`)."""
    if contains_my_number(value or "", any_twelve_digits=any_twelve_digits):
        raise _refusal("my_number")
    return value


def character_problem(value: str) -> str | None:
    """The code of the first unwanted character kind in the text, if any."""
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cc":
            return "control"
        if category == "Cs":
            return "invalid_character"
        if category == "Cf":
            return "invisible"
    return None


def check_line(value: str, *, max_length: int | None = None, any_twelve_digits: bool = False) -> str:
    """One line of plain text, at most `max_length` characters, with no My Number.
    Returns the value unchanged; raises FreeTextError saying what is wrong.

    `any_twelve_digits` refuses every 12-digit number, valid check digit or not:
    for fields where no such number belongs (a person's name and its reading,
    a booking's contact), since there it can only be a My Number typed in the
    wrong box, perhaps with one digit wrong (eleven of its digits still right)."""
    value = value or ""
    refuse_my_number(value, any_twelve_digits=any_twelve_digits)
    problem = character_problem(value)
    if problem:
        raise _refusal(problem)
    if max_length is not None and len(value) > max_length:
        raise _refusal("too_long", max=max_length, length=len(value))
    return value


def check_email(value: str) -> str:
    """A mail address a resident typed: trimmed, one line, no 12-digit number (none belongs
    in an address: it can only be a My Number in the wrong box), of a valid form.
    Returns the address; raises FreeTextError (`email` when the form is wrong)."""
    from django.core.validators import validate_email

    value = check_line((value or "").strip(), max_length=254, any_twelve_digits=True)
    try:
        validate_email(value)
    except ValidationError:
        raise _refusal("email") from None
    return value


def line(max_length: int) -> type[str]:
    """`check_line` as a pydantic type: one line of plain text, no My Number, at
    most `max_length` characters (the column's size, also in the OpenAPI schema)."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(lambda v: check_line(v))]  # type: ignore[return-value]


def my_number_line(max_length: int) -> type[str]:
    """The one kind of input that is a My Number (it is validated, encrypted and
    indexed by its service): plain characters only, no My Number guard."""

    def printable(value: str) -> str:
        problem = character_problem(value)
        if problem:
            raise _refusal(problem)
        return value

    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(printable)]  # type: ignore[return-value]


def line_validator(max_length: int | None = None):
    """`check_line` as a Django form validator (the message in Japanese and English)."""

    def validate(value: str) -> None:
        try:
            check_line(value, max_length=max_length)
        except FreeTextError as e:
            raise ValidationError(str(e), code=e.code) from None

    validate.madoguchi_free_text = True  # the coverage test looks for it
    return validate
