"""Input types shared by the API's schemas.

PostgreSQL refuses NUL characters in text and UTF-8 cannot carry a lone
surrogate; a varchar refuses more characters than its column holds. Each of
these would reach the database as an error (a 500) unless refused here, at
validation, with a 422 that says which field is wrong.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _printable(value: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError("contains a control character or an invalid one; type plain text")
    return value


def line(max_length: int) -> type[str]:
    """One line of plain text, at most `max_length` characters (the column's size)."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_printable)]  # type: ignore[return-value]
