"""The one exception the queue's services raise: a problem (madoguchi.core.problems)
told by its catalog key `queue.error.<code>` (messages.yaml).

Nothing has changed when one is raised; views and the API show
`error.message(lang)` and answer `error.status`.
"""

from __future__ import annotations

from madoguchi.core.problems import ProblemError
from madoguchi.rules.text import Text


class QueueError(ProblemError):
    def __init__(self, code: str, *, status: int = 422, field: str | None = None, text: Text | None = None, **fmt: object):
        """`text`: a message made elsewhere (a free-text refusal of core/inputs.py)."""
        super().__init__(code, text, key=None if text is not None else f"queue.error.{code}", params=fmt, status=status, field=field)
