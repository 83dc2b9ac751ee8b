"""The one exception every booking service raises for a resident or clerk to read.

A problem (madoguchi.core.problems) with, when a slot is full, the nearest
`alternatives`. Each service module keeps its own dict of messages (code ->
Text in ja, en and やさしい日本語); views and the API show `error.message(lang)`
and map `error.status` to the HTTP status. Nothing has changed when one is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from madoguchi.core.problems import ProblemError
from madoguchi.rules.text import Text

if TYPE_CHECKING:
    from ..models import Slot


class BookingError(ProblemError):
    def __init__(
        self,
        code: str,
        text: Text,
        *,
        status: int = 422,
        field: str | None = None,
        retry_after: int | None = None,
        alternatives: Sequence[Slot] = (),
    ):
        super().__init__(code, text, status=status, field=field, retry_after=retry_after)
        # "Full": the nearest times that still have room, so the resident
        # can book one at once instead of starting over.
        self.alternatives = list(alternatives)

