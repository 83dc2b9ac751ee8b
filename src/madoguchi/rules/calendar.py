"""The counter's calendar: which days and hours the counter takes a procedure.

A day is open for a procedure unless one or more reasons close it; every
reason that applies is listed, so that a resident reads "J-LIS maintenance"
on a maintenance Sunday even where the office is shut on Sundays anyway.
FACTS.md §4 and docs/calendar.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from .dated import Dated
from .messages import input_error
from .text import Text

# Every reason a day can be closed, in the order they are listed.
CLOSED_REASONS = (
    "office_closed",
    "national_holiday",
    "year_end",
    "jlis_maintenance",
    "procedure_restriction",
    "city_closure",
)
# Reasons an explicit opening in the city's data can override; the nationwide
# maintenance and a procedure's own restriction cannot be opened by the city.
OVERRIDABLE = frozenset({"office_closed", "national_holiday", "year_end"})
# A dated opening staff set (an extra Saturday or evening for the renewal
# wave) opens only a day the office is merely shut on: never a holiday, the
# year end, the maintenance Sunday, a city closure or a procedure's restriction.
STAFF_OVERRIDABLE = frozenset({"office_closed"})
# Reasons about the hours of an open day, not the day: outside the counter's
# hours; past the national server's evening limit (an opening's end).
HOURS_REASONS = ("outside_hours", "jlis_evening_limit")
MAX_RANGE_YEARS = 3
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")



@dataclass(frozen=True, order=True)
class Interval:
    """Opening hours within one day, in minutes from midnight; end may be 24:00."""

    start: int
    end: int

    @classmethod
    def parse(cls, start: str, end: str) -> Interval:
        return cls(_minutes(start), _minutes(end))

    def contains(self, t: time) -> bool:
        return self.start <= t.hour * 60 + t.minute < self.end

    def labels(self) -> tuple[str, str]:
        return (_hhmm(self.start), _hhmm(self.end))


def _minutes(hhmm: str) -> int:
    hours, _, minutes = hhmm.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"not a time of day as HH:MM: {hhmm!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise ValueError(f"not a time of day as HH:MM: {hhmm!r}")
    return value


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


ALL_DAY = (Interval(0, 24 * 60),)


@dataclass(frozen=True)
class ClosedReason:
    code: str
    text: Text


@dataclass(frozen=True)
class DayStatus:
    date: date
    open: bool
    hours: tuple[Interval, ...]
    closed_reasons: tuple[ClosedReason, ...]

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.closed_reasons)

    def still_open_at(self, t: time) -> bool:
        """Open, and some opening hour of the day not yet over at `t` (the day's own time).

        A resident told at 17:05 that today is the first day they can come
        would find the counter shut: today is offered only while this holds.
        """
        minute = t.hour * 60 + t.minute
        return self.open and any(interval.end > minute for interval in self.hours)


def worth_telling(status: DayStatus) -> bool:
    """A closed day a resident needs told about: a holiday, the maintenance
    Sunday, the year end, a restriction; not the office's every-week closure."""
    return not status.open and "office_closed" not in status.reason_codes


@dataclass(frozen=True)
class Openness:
    """The answer to "is the counter open for P at T", with every reason if not."""

    open: bool
    day: DayStatus
    reasons: tuple[ClosedReason, ...]  # day reasons, or `outside_hours`


@dataclass(frozen=True)
class Closure:
    date: date
    reason: Text
    procedures: frozenset[str] | None  # None: every procedure
    source: str


@dataclass(frozen=True)
class Opening:
    date: date
    hours: tuple[Interval, ...]
    reason: Text
    procedures: frozenset[str] | None
    source: str
    # False: the city's data file, whose hours replace the day's. True: staff
    # set it (kept in the database, passed in as data), its hours are added to
    # the day's own and it lifts only STAFF_OVERRIDABLE.
    by_staff: bool = False


@dataclass(frozen=True)
class Restriction:
    """A procedure never taken on some weekdays (`my-number-change`: not Sat/Sun)."""

    procedure: str
    closed_weekdays: frozenset[int]  # 0 = Monday
    reason: Text
    source: str


@dataclass(frozen=True)
class YearEnd:
    start: tuple[int, int]  # (month, day), e.g. (12, 29)
    end: tuple[int, int]  # (month, day), e.g. (1, 3)
    source: str

    def contains(self, day: date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


@dataclass(frozen=True)
class CalendarRules:
    """Everything the calendar needs, read from the national and city data."""

    weekly_hours: tuple[tuple[Interval, ...], ...]  # seven entries, Monday first
    year_end: YearEnd
    maintenance_sunday: bool
    closures: tuple[Closure, ...] = ()
    openings: tuple[Opening, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    timezone: str = "Asia/Tokyo"
    texts: dict[str, Text] = field(default_factory=dict)  # reason code -> wording
    # The J-LIS server's evening limit in minutes from midnight, by date
    # (data/national/rules.yaml calendar.jlis_evening_limit); None: no limit.
    evening_limit: Dated[int] | None = None


def past_evening_limit(limit: Dated[int] | None, texts: dict[str, Text], day: date, end: int) -> ClosedReason | None:
    """Why hours ending at `end` (minutes) on `day` may not be opened: past the
    national server's evening limit in force that day; None when they may."""
    if limit is None:
        return None
    try:
        last = limit.on(day)
    except LookupError:
        return None
    if end <= last:
        return None
    return ClosedReason("jlis_evening_limit", texts["jlis_evening_limit"].format(limit=_hhmm(last)))


def is_jlis_maintenance_sunday(day: date) -> bool:
    """The Sunday following the third Saturday (not "the third Sunday").

    The third Saturday falls on the 15th-21st, so the Sunday after it falls on
    the 16th-22nd; a month starting on Sunday has its third Sunday on the 15th
    but its maintenance Sunday on the 22nd (the seed's worked example).
    """
    return day.weekday() == 6 and 16 <= day.day <= 22


@functools.lru_cache(maxsize=256)
def _japan_holidays(year: int) -> tuple[dict[date, str], dict[date, str]]:
    ja = holidays_lib.country_holidays("JP", years=year, language="ja")
    en = holidays_lib.country_holidays("JP", years=year, language="en_US")
    return dict(ja), dict(en)


def national_holiday(day: date) -> Text | None:
    """The national holiday on `day` (振替休日 and 国民の休日 included), if any."""
    ja, en = _japan_holidays(day.year)
    if day not in ja:
        return None
    return Text(ja=ja[day], en=en.get(day, ja[day]), easy=ja[day])


class CounterCalendar:
    """One office's calendar; asked per procedure, because procedures differ."""

    def __init__(self, rules: CalendarRules):
        self.rules = rules
        self.zone = ZoneInfo(rules.timezone)
        self._closures: dict[date, list[Closure]] = {}
        for c in rules.closures:
            self._closures.setdefault(c.date, []).append(c)
        self._openings: dict[date, list[Opening]] = {}
        for o in rules.openings:
            self._openings.setdefault(o.date, []).append(o)
        self._restrictions: dict[str, list[Restriction]] = {}
        for r in rules.restrictions:
            self._restrictions.setdefault(r.procedure, []).append(r)

    def _text(self, code: str, **fmt: Text) -> Text:
        return self.rules.texts[code].format(**fmt)

    def day(self, procedure_id: str, day: date) -> DayStatus:
        reasons: list[ClosedReason] = []
        hours = self.rules.weekly_hours[day.weekday()]
        if not hours:
            reasons.append(ClosedReason("office_closed", self._text("office_closed")))
        holiday = national_holiday(day)
        if holiday is not None:
            reasons.append(ClosedReason("national_holiday", self._text("national_holiday", name=holiday)))
        if self.rules.year_end.contains(day):
            reasons.append(ClosedReason("year_end", self._text("year_end")))
        if self.rules.maintenance_sunday and is_jlis_maintenance_sunday(day):
            reasons.append(ClosedReason("jlis_maintenance", self._text("jlis_maintenance")))
        for r in self._restrictions.get(procedure_id, ()):
            if day.weekday() in r.closed_weekdays:
                reasons.append(ClosedReason("procedure_restriction", r.reason))
        for c in self._closures.get(day, ()):
            if c.procedures is None or procedure_id in c.procedures:
                reasons.append(ClosedReason("city_closure", c.reason))
        for o in self._openings.get(day, ()):
            if o.procedures is None or procedure_id in o.procedures:
                if o.by_staff:
                    hours = tuple(sorted(set(hours) | set(o.hours)))
                    reasons = [r for r in reasons if r.code not in STAFF_OVERRIDABLE]
                else:
                    hours = o.hours
                    reasons = [r for r in reasons if r.code not in OVERRIDABLE]
        if reasons:
            return DayStatus(day, False, (), tuple(reasons))
        return DayStatus(day, True, tuple(hours), ())

    def evening_refusal(self, day: date, end: int) -> ClosedReason | None:
        """Hours ending at `end` (minutes from midnight) on `day` past the J-LIS evening limit, or None."""
        return past_evening_limit(self.rules.evening_limit, self.rules.texts, day, end)

    def with_openings(self, extra: tuple[Opening, ...]) -> CounterCalendar:
        """This calendar with more dated openings (staff's, from the database)."""
        return CounterCalendar(replace(self.rules, openings=self.rules.openings + extra))

    def staff_opening_refusal(self, procedure_id: str, day: date) -> ClosedReason | None:
        """Why staff may not open `day` for the procedure (the first reason), or None."""
        status = self.day(procedure_id, day)
        return next((r for r in status.closed_reasons if r.code not in STAFF_OVERRIDABLE), None)

    def at(self, procedure_id: str, moment: datetime) -> Openness:
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.zone)
        status = self.day(procedure_id, moment.date())
        if not status.open:
            return Openness(False, status, status.closed_reasons)
        if any(interval.contains(moment.time()) for interval in status.hours):
            return Openness(True, status, ())
        return Openness(False, status, (ClosedReason("outside_hours", self._text("outside_hours")),))

    def days(self, procedure_id: str, start: date, end: date) -> list[DayStatus]:
        check_range(start, end)
        return [self.day(procedure_id, start + timedelta(days=i)) for i in range((end - start).days + 1)]

    def next_open_days(
        self, procedure_id: str, start: date, count: int, horizon_days: int = 400, after: time | None = None
    ) -> list[DayStatus]:
        """The next `count` open days from `start` (inclusive), looking at most `horizon_days` ahead.

        `after`: the time of day it is now on `start` (today); `start` counts
        only while the counter is still open after it.
        """
        found: list[DayStatus] = []
        if count < 1:
            return found
        for i in range(horizon_days):
            status = self.day(procedure_id, start + timedelta(days=i))
            if i == 0 and after is not None and not status.still_open_at(after):
                continue
            if status.open:
                found.append(status)
                if len(found) == count:
                    break
        return found


def check_range(start: date, end: date) -> None:
    """A date range must run forwards and span at most three years."""
    if end < start:
        raise input_error("range_backwards", start=start, end=end)
    try:
        limit = start.replace(year=start.year + MAX_RANGE_YEARS)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + MAX_RANGE_YEARS, day=28)
    if end > limit:
        raise input_error("range_too_long", start=start, end=end, years=MAX_RANGE_YEARS)
