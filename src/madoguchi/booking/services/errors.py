"""The one exception every booking service raises for a resident or clerk to read.

Each service module keeps its own dict of messages (code -> Text in ja, en and
やさしい日本語); views and the API show `error.text.get(lang)` and map
`error.status` to the HTTP status. Nothing has changed when one is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from madoguchi.rules.text import Text

if TYPE_CHECKING:
    from ..models import Slot


class BookingError(Exception):
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
        self.code = code
        self.text = text
        self.status = status
        self.field = field
        self.retry_after = retry_after
        # "Full": the nearest times that still have room, so the resident
        # can book one at once instead of starting over.
        self.alternatives = list(alternatives)
        super().__init__(f"{code}: {text.en}")

    def message(self, lang: str) -> str:
        return self.text.get(lang)

