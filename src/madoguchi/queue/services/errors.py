"""The one exception the queue's services raise: a problem (madoguchi.core.problems)
told by its catalog key `queue.error.<code>` (messages.yaml).

Nothing has changed when one is raised; views and the API show
`error.message(lang)` and answer `error.status`.
"""

from __future__ import annotations

from madoguchi.core.problems import ProblemError


class QueueError(ProblemError):
    def __init__(self, code: str, *, status: int = 422, field: str | None = None, **fmt: object):
        super().__init__(code, key=f"queue.error.{code}", params=fmt, status=status, field=field)
