"""A municipality's whole rule set, loaded: the one object every surface asks.

It joins the catalog (what a procedure is) with the calendar (when the counter
takes it): a procedure done by phone at any hour is open every day, one done at
a kiosk has no calendar of the city's, and the rest follow the counter's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .calendar import ALL_DAY, CounterCalendar, DayStatus, Opening, Openness, check_range
from .catalog import Catalog, Procedure
from .city import City, Contact
from .dated import Dated
from .messages import input_error
from .notices import NoticeKind
from .text import Text
from .validity import ValidityRules


@dataclass(frozen=True)
class PinRule:
    id: str
    format: str
    locks_after: int


@dataclass
class Municipality:
    city: City
    catalog: Catalog
    calendars: dict[str, CounterCalendar]  # office id -> calendar
    validity: ValidityRules
    pins: dict[str, PinRule]
    settings: dict[str, Any]
    data_dir: str
    texts: dict[str, Text] = field(default_factory=dict)
    notices: dict[str, NoticeKind] = field(default_factory=dict)  # kind id -> timing and wording
    # National and city values that change on dates (rules/dated.py), by name:
    # "kiosk_resets_user_certificate_pin", ... Read through `value(name)`.
    dated: dict[str, Dated[Any]] = field(default_factory=dict)
    # The addresses a resident is shown (national sources, the city's own pages);
    # other cities' pages are evidence for staff (national/sources.yaml, resident_facing).
    resident_sources: frozenset[str] = frozenset()
    # The day this view answers for (`as_of(day)`); None for the whole history.
    law_on: date | None = None
    # The dated openings staff set (office id, opening), joined by with_openings.
    staff_openings: tuple[tuple[str, Opening], ...] = ()
    _views: dict[date, Municipality] = field(default_factory=dict, init=False, repr=False, compare=False)
    _opened: dict[tuple, Municipality] = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_openings(self, openings: tuple[tuple[str, Opening], ...]) -> Municipality:
        """This view with the staff's dated openings (office id, opening) in its
        calendars, beside the data file's: every surface asks the one calendar."""
        if openings == self.staff_openings:
            return self
        found = self._opened.get(openings)
        if found is None:
            if len(self._opened) > 64:
                self._opened.clear()
            calendars = {
                office: cal.with_openings(tuple(o for at, o in openings if at == office)) for office, cal in self.calendars.items()
            }
            found = replace(self, calendars=calendars, staff_openings=openings)
            self._opened[openings] = found
        return found

    def as_of(self, day: date) -> Municipality:
        """The rules as in force on `day`: every surface asks this view (the
        web's `municipality()` for today, the CLI's `--on D` for D)."""
        if self.law_on == day:
            return self
        base = self._views.get(day)
        if base is None:
            if len(self._views) > 64:  # a long-running process moves on day by day
                self._views.clear()
            base = replace(self, catalog=self.catalog.as_of(day), law_on=day, **self._numbers_on(day))
            self._views[day] = base
        return base

    def _numbers_on(self, day: date) -> dict[str, Any]:
        """The validity rules and PINs with the numbers in force on `day`
        (the renewal window, each PIN's lock count: loader._dated_number)."""
        window = self.dated.get("renewal_window_months")
        validity = replace(self.validity, renewal_window_months=window.on(day)) if window else self.validity
        pins = {
            k: replace(p, locks_after=self.dated[f"pin_locks_after:{k}"].on(day)) if f"pin_locks_after:{k}" in self.dated else p
            for k, p in self.pins.items()
        }
        return {"validity": validity, "pins": pins}

    def value(self, name: str) -> Any:
        """A dated national or city value, as in force on this view's day."""
        if self.law_on is None:
            raise RuntimeError(f"{name} changes by date: ask municipality.as_of(day).value({name!r})")
        return self.dated[name].on(self.law_on)

    def sources_for_residents(self, addresses: tuple[str, ...]) -> tuple[str, ...]:
        """The addresses of `addresses` a resident is shown (the rest are for staff)."""
        return tuple(a for a in addresses if a in self.resident_sources)

    def contacts_for_procedure(self, procedure_id: str) -> list[Contact]:
        """The city's contacts a procedure is done through (the data's `contacts`)."""
        procedure = self.catalog.get(procedure_id)
        return [c for purpose in procedure.contacts for c in self.city.contacts_for(purpose)]

    def calendar(self, office_id: str | None = None) -> CounterCalendar:
        return self.calendars[self.city.office(office_id).id]

    # --- availability of a procedure ------------------------------------
    def _check_has_calendar(self, procedure: Procedure) -> None:
        if procedure.service_hours == "external":
            raise input_error("no_city_calendar", id=procedure.id, channels=', '.join(procedure.channels), name=procedure.name)

    def day(self, procedure_id: str, day: date, office_id: str | None = None) -> DayStatus:
        procedure = self.catalog.get(procedure_id)
        self._check_has_calendar(procedure)
        if procedure.service_hours == "always":
            return DayStatus(day, True, ALL_DAY, ())
        return self.calendar(office_id).day(procedure.id, day)

    def days(self, procedure_id: str, start: date, end: date, office_id: str | None = None) -> list[DayStatus]:
        check_range(start, end)
        return [self.day(procedure_id, start + timedelta(days=i), office_id) for i in range((end - start).days + 1)]

    def at(self, procedure_id: str, moment: datetime, office_id: str | None = None) -> Openness:
        procedure = self.catalog.get(procedure_id)
        self._check_has_calendar(procedure)
        if procedure.service_hours == "always":
            if moment.tzinfo is not None:  # the day is the city's, as for the counter
                moment = moment.astimezone(ZoneInfo(self.city.timezone))
            status = DayStatus(moment.date(), True, ALL_DAY, ())
            return Openness(True, status, ())
        return self.calendar(office_id).at(procedure.id, moment)

    def next_open_days(
        self, procedure_id: str, start: date, count: int, office_id: str | None = None, after: time | None = None
    ) -> list[DayStatus]:
        """The next open days from `start`; `after` (the time now on `start`) drops a day already over."""
        procedure = self.catalog.get(procedure_id)
        self._check_has_calendar(procedure)
        if procedure.service_hours == "always":
            return [DayStatus(start + timedelta(days=i), True, ALL_DAY, ()) for i in range(count)]
        return self.calendar(office_id).next_open_days(procedure.id, start, count, after=after)
