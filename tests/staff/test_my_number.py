"""The My Number: the check digit (python-stdnum), the mask, the blind index, and
an encrypted column that holds no plain number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.jp import in_

from madoguchi.rules.errors import RulesInputError
from madoguchi.staff.models import StaffProfile
from madoguchi.staff.my_number import mask_my_number, my_number_index, validate_my_number

VALID = "621498320257"  # python-stdnum's own example


def test_a_valid_number_is_accepted_with_spaces_hyphens_or_full_width_digits():
    for typed in (VALID, "6214 9832 0257", "6214-9832-0257", "６２１４９８３２０２５７"):
        assert validate_my_number(typed) == VALID


@pytest.mark.parametrize(
    ("typed", "code", "ja"),
    [
        ("62149832025", "my-number-length", "12桁です（入力は11桁）"),
        ("6214983202X7", "my-number-format", "数字のみ"),
        ("621498320258", "my-number-check-digit", "検査用数字"),
    ],
)
def test_a_bad_number_says_what_is_wrong_without_repeating_it(typed, code, ja):
    with pytest.raises(RulesInputError) as e:
        validate_my_number(typed)
    assert e.value.code == code and ja in e.value.message_ja
    assert typed not in e.value.message_en and typed not in e.value.message_ja


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_every_number_with_its_check_digit_is_valid_and_any_other_last_digit_is_not(body):
    number = body + in_.calc_check_digit(body)
    assert validate_my_number(number) == number
    wrong = body + str((int(number[-1]) + 1) % 10)
    with pytest.raises(RulesInputError):
        validate_my_number(wrong)


def test_the_mask_shows_the_last_four_digits_only():
    assert mask_my_number(VALID) == "**** **** 0257"
    assert mask_my_number("garbage") == "**** **** ****"


def test_the_index_is_the_same_for_the_same_number_however_typed_and_hides_it():
    assert my_number_index(VALID) == my_number_index("６２１４ ９８３２ ０２５７")
    assert my_number_index(VALID) != my_number_index("123456789018")
    assert VALID not in my_number_index(VALID) and len(my_number_index(VALID)) == 64


@pytest.mark.django_db
def test_an_encrypted_column_cannot_be_searched_by_its_plain_value(make_staff):
    # A search would compare with a fresh random ciphertext and silently find
    # nothing; the field refuses it and points to the blind index.
    member = make_staff()
    with pytest.raises(TypeError, match="blind index"):
        StaffProfile.objects.filter(totp_secret=member.secret).exists()
    assert StaffProfile.objects.filter(totp_secret__isnull=False).count() == 1
