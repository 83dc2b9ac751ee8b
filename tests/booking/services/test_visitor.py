"""What a resident types is checked once, with a message naming the field."""

from __future__ import annotations

import pytest

from madoguchi.booking.services.errors import BookingError
from madoguchi.booking.services.visitor import VisitorErrors, clean_visitor


def test_a_good_visitor_is_normalised():
    v = clean_visitor(" 小金井　太郎 ", "ｺｶﾞﾈｲ ﾀﾛｳ", "", "０４２-３８７-９８３０", "2")
    assert (v.name, v.name_kana, v.phone, v.party_size) == ("小金井 太郎", "コガネイ タロウ", "042-387-9830", 2)


@pytest.mark.parametrize(
    "kwargs, code, field",
    [
        ({"name": ""}, "name_missing", "name"),
        ({"name_kana": "Taro"}, "kana_not_kana", "name_kana"),
        ({"email": "", "phone": ""}, "contact_missing", "email"),
        ({"email": "taro@"}, "email_invalid", "email"),
        ({"email": "", "phone": "12345"}, "phone_invalid", "phone"),
        ({"party_size": 0}, "party_size", "party_size"),
        ({"party_size": "lots"}, "party_size", "party_size"),
        ({"party_size": True}, "party_size", "party_size"),
        ({"name": "小金井 123456789012"}, "my_number", "name"),
        ({"name": "小金井 1234.5678.9012"}, "my_number", "name"),  # dots too, and any 12 digits in a name
        ({"name_kana": "１２３４ ５６７８ ９０１８"}, "my_number", "name_kana"),
        ({"phone": "1234-5678-9018"}, "my_number", "phone"),
        ({"name": "小金井\x00太郎"}, "control", "name"),
        ({"name": "小金井\t太郎"}, "control", "name"),
        ({"name": "小金井\u202e太郎"}, "invisible", "name"),
        ({"name": "あ" * 101}, "too_long", "name"),
    ],
)
def test_bad_input_names_the_field_in_every_language(kwargs, code, field):
    args = {"name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "taro@example.jp", "phone": "", "party_size": 1}
    with pytest.raises(BookingError) as error:
        clean_visitor(**{**args, **kwargs})
    assert (error.value.code, error.value.field, error.value.status) == (code, field, 422)
    assert all(error.value.message(lang) for lang in ("ja", "en", "easy"))


def test_every_mistake_is_named_at_once_in_the_forms_order():
    # Three mistakes, three errors: the resident fixes them in one go, not one a submission.
    with pytest.raises(VisitorErrors) as error:
        clean_visitor("", "Taro", "taro@", "", "9")
    assert [(e.code, e.field) for e in error.value.errors] == [
        ("name_missing", "name"),
        ("kana_not_kana", "name_kana"),
        ("email_invalid", "email"),
        ("party_size", "party_size"),
    ]
    # The error itself is the first, for the API's one problem.
    assert (error.value.code, error.value.field) == ("name_missing", "name")


def test_a_my_number_in_one_field_does_not_hide_the_others():
    with pytest.raises(VisitorErrors) as error:
        clean_visitor("小金井 123456789012", "", "", "12345")
    assert [(e.code, e.field) for e in error.value.errors] == [
        ("my_number", "name"), ("kana_missing", "name_kana"), ("phone_invalid", "phone"),
    ]
