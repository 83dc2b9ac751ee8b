"""The minutes a procedure takes at the counter, for the estimated waits.

Measured from the counter's cases (median per procedure over the recent
window, forecast/minutes.py), the typical minutes of the city's queue.yaml
until a procedure has enough cases.
"""

from __future__ import annotations

from madoguchi.forecast.minutes import minutes_per_procedure as measured
from madoguchi.rules.queue_data import QueueData


def minutes_per_procedure(data: QueueData, office_id: str) -> dict[str, float]:
    return {**dict(data.minutes), **measured(office_id)}
