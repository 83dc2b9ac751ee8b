"""The minutes a procedure takes at the counter, for the estimated waits.

Today: the typical minutes of the city's queue.yaml. The measured minutes
from cases (counter.Case's times) are a later change: it replaces
`minutes_per_procedure` and nothing else.
"""

from __future__ import annotations

from madoguchi.rules.queue_data import QueueData


def minutes_per_procedure(data: QueueData, office_id: str) -> dict[str, float]:
    return dict(data.minutes)
