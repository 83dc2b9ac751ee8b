"""The paced letters' plan with what it cannot cover said in clerk-hours.

`pacing.plan_letters` keeps each week's expected certificate renewals under
the week's capacity, and a cohort at its latest week is sent whole: its excess
is `short_visits`. A supervisor plans clerks, not visits, so each week's
shortfall is also given in clerk-hours at the office's minutes per renewal
(minutes.py: its own, else the city's, else the typical).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from madoguchi.rules import forecast as fc

from .pacing import plan_letters, short_clerk_hours
from .plan import check_office


@dataclass(frozen=True)
class PacedPlanWeek:
    paced: fc.PacedWeek
    short_clerk_hours: float  # the clerk-hours the week lacks for the visits it cannot take (0 when within capacity)


def paced_plan(start: date, end: date, office: str | None = None) -> list[PacedPlanWeek]:
    """The plan of `plan_letters` (one office's capacity, or the city's with None), each week with its clerk-hours short."""
    check_office(office)
    return [PacedPlanWeek(w, short_clerk_hours(w, office=office)) for w in plan_letters(start, end, office)]
