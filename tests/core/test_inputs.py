"""Free text: one line of plain text, never a My Number, refused with a message
that says what is wrong (and never repeats what was typed)."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import TypeAdapter, ValidationError

from madoguchi.core.inputs import FreeTextError, check_line, contains_my_number, line, line_validator, my_number_line

VALID = "123456789018"  # its check digit (the last) matches the first eleven
SERIAL = TypeAdapter(line(32))

# How a valid My Number is typed: every one is found.
TYPED = [
    VALID,
    "1234 5678 9018",
    "1234-5678-9018",
    "1234.5678.9018",
    "１２３４５６７８９０１８",  # full-width digits
    "１２３４－５６７８－９０１８",  # full-width hyphens
    "１２３４．５６７８．９０１８",  # full-width full stops
    "1234\u30005678\u30009018",  # ideographic spaces
    "1234\u22125678\u22129018",  # minus signs
    "1234・5678・9018",
    "1 2 3 4 5 6 7 8 9 0 1 8",
    "番号は123456789018です",
    "reason: 1234 5678 9018 (J-LIS)",
    "1234 5678 9018 7",  # a stray digit after it
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0668",  # Arabic-Indic digits
]
# Not a My Number: the check digit is wrong, or the number is not 12 digits.
NOT = [
    "123456789012",
    "1234.5678.9012",
    "042-387-9830",
    "1234567890180",  # 13 digits in one run
    "K-2026-000123",
    "小金井 花子",
    "",
]


@pytest.mark.parametrize("typed", TYPED)
def test_a_valid_my_number_is_found_however_it_is_typed(typed):
    assert contains_my_number(typed)
    with pytest.raises(FreeTextError) as refused:
        check_line(typed)
    assert refused.value.code == "my_number"
    assert "9018" not in str(refused.value)  # the message never repeats the number


@pytest.mark.parametrize("typed", NOT)
def test_other_numbers_pass(typed):
    assert not contains_my_number(typed)
    assert check_line(typed) == typed


@pytest.mark.parametrize("typed", ["123456789012", "1234.5678.9012", "1234 5678 9013"])
def test_where_no_twelve_digits_belong_any_twelve_digits_are_refused(typed):
    with pytest.raises(FreeTextError) as refused:
        check_line(typed, any_twelve_digits=True)
    assert refused.value.code == "my_number"
    assert check_line("042-387-9830", any_twelve_digits=True)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("小金井\x00花子", "control"),
        ("小金井\t花子", "control"),
        ("小金井\n花子", "control"),
        ("小金井\u202e花子", "invisible"),  # right-to-left override
        ("小金井\u200b花子", "invisible"),  # zero-width space
        ("小金井\ud800", "invalid_character"),
    ],
)
def test_each_unwanted_character_is_named(typed, code):
    with pytest.raises(FreeTextError) as refused:
        check_line(typed, max_length=100)
    assert refused.value.code == code
    assert "100" not in str(refused.value)  # not "must be 100 characters or fewer"


def test_too_long_says_how_long_it_may_be_and_is():
    with pytest.raises(FreeTextError) as refused:
        check_line("あ" * 201, max_length=200)
    assert refused.value.code == "too_long"
    assert "200" in refused.value.text.ja and "201" in refused.value.text.en


def test_plain_text_passes_the_pydantic_type():
    assert SERIAL.validate_python("AB1234567890") == "AB1234567890"
    assert TypeAdapter(line(60)).validate_python("小金井 花子") == "小金井 花子"


@pytest.mark.parametrize("bad", ["AB\x00CD", "AB\ud800", "AB\nCD", "X" * 33, "AB\u202eCD", "1234-5678-9018"])
def test_the_pydantic_type_refuses_what_the_database_could_not_store_or_must_not(bad):
    with pytest.raises(ValidationError):
        SERIAL.validate_python(bad)


def test_the_my_number_field_itself_takes_a_my_number_but_no_control_character():
    field = TypeAdapter(my_number_line(24))
    assert field.validate_python(VALID) == VALID
    with pytest.raises(ValidationError):
        field.validate_python(VALID + "\x00")


def test_the_form_validator_speaks_japanese_and_english():
    with pytest.raises(DjangoValidationError) as refused:
        line_validator(150)("1234 5678 9018")
    message = refused.value.messages[0]
    assert "マイナンバー" in message and "My Number" in message
