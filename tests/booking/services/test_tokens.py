"""References residents read aloud, and secret tokens stored only as hashes."""

from __future__ import annotations

import pytest

from madoguchi.booking.services.tokens import REFERENCE_ALPHABET, link_token, new_link, new_reference, normalize_reference, token_hash


def test_a_reference_is_eight_unambiguous_letters_in_two_fours():
    for _ in range(200):
        ref = new_reference()
        assert len(ref) == 9 and ref[4] == "-"
        assert set(ref.replace("-", "")) <= set(REFERENCE_ALPHABET)
    assert not set("01IO") & set(REFERENCE_ALPHABET)


def test_the_alphabet_divides_a_byte_so_every_letter_is_equally_likely():
    assert 256 % len(REFERENCE_ALPHABET) == 0 and len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET)


def test_a_token_is_long_random_and_kept_only_as_its_hash():
    (seed_a, a), (seed_b, b) = new_link(), new_link()
    assert a != b and len(a) == 32 and seed_a not in a
    assert token_hash(a) != a and len(token_hash(a)) == 64 and token_hash(a) == token_hash(a)


# What a clerk or a resident types for the reference ABCD-EF23, and what is looked up.
TYPED_REFERENCES = [
    ("ABCD-EF23", "ABCD-EF23"),
    ("abcd-ef23", "ABCD-EF23"),  # lower case
    ("ABCDEF23", "ABCD-EF23"),  # no hyphen
    ("ＡＢＣＤ－ＥＦ２３", "ABCD-EF23"),  # full width, full-width hyphen
    ("ａｂｃｄｅｆ２３", "ABCD-EF23"),  # full width, lower case, no hyphen
    ("ABCD−EF23", "ABCD-EF23"),  # minus sign
    ("ABCDーEF23", "ABCD-EF23"),  # the long-vowel mark an IME gives for -
    ("ABCD‐EF23", "ABCD-EF23"),  # hyphen U+2010
    (" abcd ef23 ", "ABCD-EF23"),  # spaces, as read aloud
    ("ＡＢＣ－１２３", "ABC-123"),  # not a reference's shape: normalised, kept
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("typed", "looked_up"), TYPED_REFERENCES)
def test_a_typed_reference_is_read_whatever_its_case_width_or_hyphen(typed, looked_up):
    assert normalize_reference(typed) == looked_up


def test_a_new_reference_is_its_own_normal_form():
    ref = new_reference()
    assert normalize_reference(ref) == ref and normalize_reference(ref.lower().replace("-", "")) == ref


def test_a_link_is_made_again_from_its_seed_only_with_the_same_secret_key(settings):
    seed, token = new_link()
    assert link_token(seed) == token
    settings.SECRET_KEY = "another key, as after a rotation"
    assert link_token(seed) != token
