"""Text the database could not store is refused at validation (422), not at the database (500)."""

import pytest
from pydantic import TypeAdapter, ValidationError

from madoguchi.api.types import line

SERIAL = TypeAdapter(line(32))


def test_plain_text_passes():
    assert SERIAL.validate_python("AB1234567890") == "AB1234567890"
    assert TypeAdapter(line(60)).validate_python("小金井 花子") == "小金井 花子"


@pytest.mark.parametrize("bad", ["AB\x00CD", "AB\ud800", "AB\nCD", "X" * 33])
def test_nul_surrogates_control_characters_and_overlong_text_are_refused(bad):
    with pytest.raises(ValidationError):
        SERIAL.validate_python(bad)
