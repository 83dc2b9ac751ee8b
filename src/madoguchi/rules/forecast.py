"""The renewal wave's arithmetic: periods, expected visits, minutes and capacity.

Pure: the database counts (forecast/register.py asks it for the stored dates
the validity rules derived, ADR 0018) and this module turns counts into the
plan. Nothing here restates a validity rule; the dates it is given were
derived by rules.validity when the card or certificate was written.

A city's choices are in data/<city>/forecast.yaml (`load_forecast_settings`):
the share of residents who come for each register-driven procedure (uptake),
when they come over the renewal window (the arrival profile, `spread`) and
the thresholds for measured minutes and for open data. docs/forecast.md.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .calendar import Interval
from .datafile import Node, read_yaml
from .dated import Dated, read_dated
from .messages import input_error
from .loader import DATA_ROOT, city_folder
from .validity import shortest_renewal_window_days

BY = ("day", "week")
MAX_MONTHS = 18
MAX_DAYS = 549  # 18 months of 30.5 days: the longest range a forecast covers

# The procedures the register predicts, and the stored date that sets each
# one's day: the certificates' renewal window opening, the card's renewal
# window opening (cards that end on a birthday), the end of a period of stay
# (the card then ends with it), and a card J-LIS is making (its pickup).
CERTIFICATE_RENEWAL = "certificate-renewal"
CARD_RENEWAL = "card-renewal"
PERIOD_OF_STAY = "period-of-stay-change"
PICKUP = "card-pickup"
REGISTER_PROCEDURES = (CERTIFICATE_RENEWAL, CARD_RENEWAL, PERIOD_OF_STAY, PICKUP)


@dataclass(frozen=True)
class ForecastSettings:
    # procedure -> share (0..1) of the residents the register names who come;
    # a procedure absent here takes the city's own history once it has
    # `uptake_min_cases` cases, and 1 until then.
    uptake: dict[str, float] = field(default_factory=dict)
    uptake_min_cases: int = 200
    minutes_window_days: int = 90  # the recent window measured minutes are taken over
    minutes_min_cases: int = 30  # fewer cases than this: the typical minutes of queue.yaml
    history_weeks: int = 8  # the baseline of unpredictable procedures: the same weeks a year before, ± this
    open_data_min_count: int = 10  # counts under this are suppressed in open data
    # Extra opening days (forecast.yaml `extra_openings`): the most clerks a day
    # can seat (0: no limit, so extra clerks always cover a week), and the hours
    # of an extra Saturday and of an evening after closing (None: not offered).
    max_clerks_per_day: int = 0
    saturday_hours: tuple[str, str] | None = None
    evening_hours: tuple[str, str] | None = None
    # forecast.yaml `paced_letters: {enabled: true}`: the daily batch sends the
    # renewal letters by the paced plan (forecast/services/pacing.py) instead
    # of each on its window's first day. The city's choice: off unless set.
    paced_letters: bool = False
    # `paced_letters: {latest_weeks_after_opening: N}`: a cohort's letters go
    # no later than N weeks after its week (checked at load against the
    # national window: at least a week is left before the expiry).
    paced_latest_weeks: int = 8
    # `arrival_weeks: {procedure: [shares]}`: of a window's visits, the share
    # that comes in each week after it opens (arrival_profile). The city's
    # own history beats it once it has `arrival_min_cases` cases.
    arrival_weeks: dict[str, tuple[float, ...]] = field(default_factory=dict)
    arrival_min_cases: int = 200


# The procedures whose residents come over a renewal window (an arrival profile applies).
WINDOW_PROCEDURES = (CERTIFICATE_RENEWAL, CARD_RENEWAL)
NATIONAL_WINDOW = "national/rules.yaml validity.renewal_window_months"


@functools.lru_cache(maxsize=1)
def national_window_months() -> Dated[int]:
    """The national renewal window's months by date (data/national/rules.yaml;
    the municipality's loader checks its sources, this reads the values only)."""
    node = read_yaml(DATA_ROOT / "national" / "rules.yaml", "national/rules.yaml").get("validity").get("renewal_window_months")
    return read_dated(node, lambda n: n.int(minimum=1), lambda n: ())


def window_weeks(months: int) -> int:
    """The weeks a window of `months` reaches into (its shortest, 88 days for three months: 13)."""
    return math.ceil(shortest_renewal_window_days(months) / 7)


def latest_weeks_allowed(months: int) -> int:
    """The most weeks after a cohort's week its letters may wait and still
    leave a week before the expiry of a `months` window opening that week."""
    return shortest_renewal_window_days(months) // 7 - 1


@functools.lru_cache(maxsize=8)
def load_forecast_settings(city: str) -> ForecastSettings:
    """The city's forecast.yaml; a city without one takes the defaults above."""
    city_dir = city_folder(city)
    path = city_dir / "forecast.yaml"
    if not path.exists():
        return ForecastSettings()
    node = read_yaml(path, f"{city_dir.name}/forecast.yaml")
    node.check_keys({"uptake_percent", "settings", "extra_openings", "paced_letters", "arrival_weeks"})
    uptake = {}
    for pid, value in node.get("uptake_percent", {}).mapping().items():
        percent = value.int(minimum=0)
        if percent > 100:
            raise value.fail("an uptake is a percentage from 0 to 100")
        uptake[pid] = percent / 100
    s = node.get("settings", {})
    s.check_keys({"uptake_min_cases", "minutes_window_days", "minutes_min_cases", "history_weeks", "open_data_min_count", "arrival_min_cases"})
    extra = node.get("extra_openings", {})
    extra.check_keys({"max_clerks_per_day", "saturday", "evening"})
    hours = {}
    for key in ("saturday", "evening"):
        if extra.has(key):
            pair = extra.get(key)
            pair.check_keys({"start", "end"})
            start, end = pair.get("start").str(), pair.get("end").str()
            try:
                interval = Interval.parse(start, end)
            except ValueError as e:
                raise pair.fail(str(e)) from None
            if not interval.start < interval.end:
                raise pair.fail("the start must come before the end")
            hours[f"{key}_hours"] = (start, end)
    cap = extra.get("max_clerks_per_day").int(minimum=0) if extra.has("max_clerks_per_day") else 0
    paced = node.get("paced_letters", {})
    paced.check_keys({"enabled", "latest_weeks_after_opening"})
    latest = _latest_weeks(paced.get("latest_weeks_after_opening")) if paced.has("latest_weeks_after_opening") else ForecastSettings.paced_latest_weeks
    return ForecastSettings(
        uptake=uptake, max_clerks_per_day=cap, **hours, paced_letters=paced.get("enabled").bool() if paced.has("enabled") else False,
        paced_latest_weeks=latest, arrival_weeks=_arrival_weeks(node.get("arrival_weeks", {})),
        **{key: value.int(minimum=0) for key, value in s.mapping().items()},
    )  # fmt: skip


def _latest_weeks(node: Node) -> int:
    """`paced_letters.latest_weeks_after_opening`, checked against every national window the data records."""
    weeks = node.int(minimum=0)
    for change in national_window_months().changes:
        allowed = latest_weeks_allowed(change.value)
        if weeks > allowed:
            since = f" in force from {change.effective}" if change.effective else ""
            raise node.fail(
                f"{weeks} weeks after the window opens leaves less than a week before the expiry of the national "
                f"{change.value}-month window ({NATIONAL_WINDOW}{since}); at most {allowed}"
            )
    return weeks


def _share(node: Node) -> float:
    if isinstance(node.value, bool) or not isinstance(node.value, (int, float)) or not 0 <= node.value <= 1:
        raise node.fail(f"must be a share from 0 to 1 (0.4 for 40 %), got {node.value!r}")
    return float(node.value)


def _arrival_weeks(node: Node) -> dict[str, tuple[float, ...]]:
    """`arrival_weeks: {procedure: [share of week 0, week 1, ...]}`: shares from 0 to 1 that sum to 1,
    no more weeks than the shortest national window reaches into."""
    most = min(window_weeks(c.value) for c in national_window_months().changes)
    out = {}
    for pid, shares in node.mapping().items():
        if pid not in WINDOW_PROCEDURES:
            raise shares.fail(f"only {' and '.join(WINDOW_PROCEDURES)} have a renewal window to spread over")
        values = [_share(item) for item in shares.items()]
        if not values or len(values) > most:
            raise shares.fail(f"give from 1 to {most} weekly shares (the weeks of the national window, {NATIONAL_WINDOW})")
        if abs(sum(values) - 1) > 0.001:
            raise shares.fail(f"the weekly shares must sum to 1 (they sum to {sum(values):g})")
        out[pid] = tuple(values)
    return out


# --- periods -------------------------------------------------------------


def check_forecast_range(start: date, end: date, by: str) -> None:
    if end < start:
        raise input_error("range_backwards", start=start, end=end)
    if (end - start).days + 1 > MAX_DAYS:
        raise input_error("forecast_too_long", start=start, end=end, months=MAX_MONTHS, days=MAX_DAYS)
    if by not in BY:
        raise input_error("forecast_by", by=by)


def period_of(day: date, by: str) -> str:
    """The period a day belongs to: the day itself, or its ISO week (2027-W05)."""
    if by == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_start(period: str) -> date:
    """The first day of a period `period_of` names: the day itself, or its ISO week's Monday
    (2027-W05 → 2027-02-01), the date a person reads for the week."""
    if "-W" in period:
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return date.fromisoformat(period)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def periods(start: date, end: date, by: str) -> list[str]:
    """The periods from `start` to `end`, in order (a week cut by the range is still one period)."""
    seen: dict[str, None] = {}
    for d in days(start, end):
        seen.setdefault(period_of(d, by))
    return list(seen)


# --- register, history, uptake -----------------------------------------------


def pickup_day(ordered_on: date, typical_days: int | None) -> date:
    """When a card J-LIS is making is expected at the counter: the catalog's processing days after the order."""
    return ordered_on + timedelta(days=typical_days or 0)


def year_before(day: date) -> date:
    """The same weekday 52 weeks earlier: a Monday's baseline is a Monday."""
    return day - timedelta(weeks=52)


def measured_uptake(came: int, named: int, min_cases: int) -> float | None:
    """The share who came, from the city's own history; None until there are `min_cases`."""
    if came < min_cases or named <= 0:
        return None
    return min(1.0, came / named)


def uptake_for(settings: ForecastSettings, procedure: str, measured: float | None) -> float:
    """The city's setting first; then its history; then everyone named comes."""
    if procedure in settings.uptake:
        return settings.uptake[procedure]
    return 1.0 if measured is None else measured


def measured_arrival(weeks_after: Mapping[int, int], min_cases: int, most_weeks: int) -> tuple[float, ...] | None:
    """The arrival profile the city's own cases show: cases by the week after
    their window opened (0: its first week) -> the share of each week; None
    until `min_cases` cases fall in the window's `most_weeks`."""
    counted = {k: n for k, n in weeks_after.items() if 0 <= k < most_weeks and n > 0}
    total = sum(counted.values())
    if total < max(min_cases, 1):
        return None
    return tuple(counted.get(k, 0) / total for k in range(max(counted) + 1))


def arrival_profile(settings: ForecastSettings, procedure: str, measured: tuple[float, ...] | None) -> tuple[float, ...]:
    """The share of a window's visits in each week after it opens: the city's
    own history once it has enough cases; else its `arrival_weeks`; else all
    in the first week (no national curve is assumed)."""
    if procedure not in WINDOW_PROCEDURES:
        return (1.0,)
    return measured or settings.arrival_weeks.get(procedure) or (1.0,)


def spread(cohorts: Mapping[date, float], profile: Sequence[float], start: date, end: date) -> Counter:
    """Each day's cohort (the residents whose window opens that day) spread over
    the weeks after: share k on the same weekday k weeks later; kept only from
    `start` to `end`. Arithmetic on the register's GROUP BY counts: the
    cohorts must reach back `len(profile) - 1` weeks before `start`."""
    out: Counter = Counter()
    for day, n in cohorts.items():
        for k, share in enumerate(profile):
            at = day + timedelta(weeks=k)
            if share and start <= at <= end:
                out[at] += n * share
    return out


def office_shares(offices: Sequence[str], served_by: dict[str, set[str]], procedure: str) -> dict[str, float]:
    """How the register's residents of a procedure divide among the offices.

    The register does not say which office a resident will go to: the share
    is even among the offices with a window for the procedure (all offices
    when none has one named).
    """
    serving = [o for o in offices if procedure in served_by.get(o, set())] or list(offices)
    return {o: 1 / len(serving) for o in serving}


# --- minutes --------------------------------------------------------------


@dataclass(frozen=True)
class Minutes:
    median: float
    p90: float
    cases: int  # how many cases measured it (0: the typical minutes of the data)
    measured: bool
    basis: str = ""  # "office" (its own cases), "city" (every office's), "typical" (the data's): measure_at_office


def measure(durations: Iterable[float], typical: float, min_cases: int) -> Minutes:
    """Median and 90th percentile of the durations (minutes); the typical value until `min_cases`."""
    values = sorted(durations)
    if len(values) < max(min_cases, 2):
        return Minutes(float(typical), float(typical), len(values), False)
    p90 = statistics.quantiles(values, n=10, method="inclusive")[-1]
    return Minutes(float(statistics.median(values)), float(p90), len(values), True)


def measure_at_office(office: Iterable[float], city: Iterable[float], typical: float, min_cases: int) -> Minutes:
    """An office's minutes: its own cases once it has `min_cases`, else every
    office's together (the city's) once they have, else the typical minutes.

    A small office's few cases would make a noisy median; the city's is the
    better guess until the office has its own, and the data's typical minutes
    until the city has any.
    """
    own = measure(office, typical, min_cases)
    if own.measured:
        return replace(own, basis="office")
    shared = measure(city, typical, min_cases)
    return replace(shared, basis="city" if shared.measured else "typical")


# --- capacity -------------------------------------------------------------


def procedure_shares(windows: Iterable[Iterable[str]]) -> dict[str, float]:
    """The clerks' time each procedure has: every window's time split evenly among its procedures.

    Returned as a share of one window per procedure (two windows each serving
    three procedures, one of them common, give that one 2/3 of a window).
    """
    shares: dict[str, float] = {}
    for procedures in windows:
        procedures = list(procedures)
        for p in procedures:
            shares[p] = shares.get(p, 0.0) + 1 / len(procedures)
    return shares


def open_minutes(hours: Iterable[tuple[int, int]]) -> int:
    """Minutes the counter is open in a day, from its (start, end) intervals in minutes."""
    return sum(end - start for start, end in hours)


@dataclass(frozen=True)
class Row:
    period: str
    office: str
    procedure: str
    expected_visits: float
    minutes_needed: float
    minutes_available: float
    seats: int
    over_capacity: bool

    def as_json(self) -> dict:
        return {
            "period": self.period,
            "office": self.office,
            "procedure": self.procedure,
            "expected_visits": round(self.expected_visits, 1),
            "minutes_needed": round(self.minutes_needed),
            "minutes_available": round(self.minutes_available),
            "seats": self.seats,
            "over_capacity": self.over_capacity,
        }


def row(period: str, office: str, procedure: str, visits: float, minutes_each: float, available: float, seats: int) -> Row:
    needed = visits * minutes_each
    return Row(period, office, procedure, visits, needed, available, seats, needed > available + 1e-9)


def shortfall_hours(rows: Iterable[Row]) -> float:
    """Clerk-hours short over the rows that are over capacity (what the plan cannot cover)."""
    return sum(max(0.0, r.minutes_needed - r.minutes_available) for r in rows) / 60


def clerk_hours(visits: float, minutes_each: float) -> float:
    """The clerk-hours `visits` take at `minutes_each` (a paced week's shortfall in hours)."""
    return visits * minutes_each / 60


def ceil_visits(value: float) -> int:
    return math.ceil(value - 1e-9)


# --- paced letters ------------------------------------------------------------


@dataclass(frozen=True)
class PacedWeek:
    week: date  # its Monday
    letters: dict[date, int]  # cohort (the Monday of the week its windows open) -> letters sent this week
    visits: float  # expected from this week's letters
    capacity: float  # visits the week can take
    short_visits: float  # visits over capacity that no later week could take (a cohort at its latest week)


def pace(cohorts: dict[date, int], capacity: dict[date, float], *, uptake: float, latest_after_weeks: int) -> list[PacedWeek]:
    """Which cohort gets its letter which week, so each week's visits stay under capacity.

    A cohort is the residents whose renewal window opens in a week (keyed by
    its Monday). Its letters go out no earlier than that week (the window is
    not open before) and no later than `latest_after_weeks` after it (time to
    come before the expiry). Each week sends, earliest cohort first (earliest
    expiry first), as many letters as its capacity takes (capacity ÷ uptake);
    a cohort at its latest week is sent whole even over capacity, and the
    excess is reported as `short_visits`, never postponed past the rule's date.
    """
    if not cohorts:
        return []
    waiting = dict(sorted(cohorts.items()))
    first = min(waiting)
    last = max(waiting) + timedelta(weeks=latest_after_weeks)
    out: list[PacedWeek] = []
    week = first
    while week <= last:
        room = capacity.get(week, 0.0) / uptake if uptake else float("inf")
        sent = letters_for_week(waiting, week, room, latest_after_weeks)
        for cohort, n in sent.items():
            waiting[cohort] -= n
            if not waiting[cohort]:
                del waiting[cohort]
        visits = sum(sent.values()) * uptake
        cap = capacity.get(week, 0.0)
        out.append(PacedWeek(week, sent, visits, cap, max(0.0, visits - cap)))
        week += timedelta(weeks=1)
    return out


def letters_for_week(waiting: dict[date, int], week: date, room: float, latest_after_weeks: int) -> dict[date, int]:
    """The letters one week sends: cohort (its Monday) -> how many.

    `waiting`: the letters not sent yet, per cohort; `room`: the letters the
    week can still take (its capacity in visits ÷ uptake, less what it sent
    already). Earliest cohort first; none before its week; a cohort at its
    latest week (`latest_after_weeks` after it) is sent whole, over room or
    not. The one rule of the plan (`pace`) and of the daily batch
    (forecast/services/pacing.py).
    """
    sent: dict[date, int] = {}
    for cohort in sorted(c for c in waiting if c <= week):
        due = cohort + timedelta(weeks=latest_after_weeks) <= week
        n = waiting[cohort] if due else min(waiting[cohort], max(0, math.floor(room + 1e-9)))
        if n:
            sent[cohort] = n
            room -= n
    return sent
