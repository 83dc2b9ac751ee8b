"""The one exception the queue's services raise, with its words from messages.yaml.

Nothing has changed when one is raised; views and the API show
`error.message(lang)` and answer `error.status`.
"""

from __future__ import annotations

from madoguchi.rules.text import Text
from madoguchi.web.messages import messages


class QueueError(Exception):
    def __init__(self, code: str, *, status: int = 422, field: str | None = None, **fmt: object):
        self.code = code
        self.status = status
        self.field = field
        text = messages()[f"queue.error.{code}"]
        self.text: Text = text.format(**fmt) if fmt else text
        super().__init__(f"{code}: {self.text.en}")

    def message(self, lang: str) -> str:
        return self.text.get(lang)
