"""The forecast: expected visits against capacity, per period, office and procedure.

expected = register residents spread by the arrival profile × uptake (+ pickups of the renewals it expects,
the catalog's processing days later) + the history baseline of the
procedures the register cannot predict; minutes_needed = expected × the
office's measured median minutes (minutes.py); minutes_available and seats from capacity.py.
docs/forecast.md explains the method and its limits.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.conf import settings

from madoguchi.core.city import municipality
from madoguchi.rules import forecast as fc
from madoguchi.rules.messages import input_error
from madoguchi.rules.queue_data import load_queue_data

from .. import capacity, history, register
from ..minutes import measured_minutes


def check_office(office: str | None) -> list[str]:
    """The city's office ids; an `office` asked for that is not one of them is bad input."""
    offices = [o.id for o in municipality().city.offices]
    if office is not None and office not in offices:
        raise input_error("forecast_unknown_office", office=office, offices=", ".join(offices))
    return offices


def forecast(start: date, end: date, *, by: str = "week", office: str | None = None, procedure: str | None = None) -> list[fc.Row]:
    fc.check_forecast_range(start, end, by)
    m = municipality()
    offices = check_office(office)
    city = settings.MADOGUCHI_CITY
    procedures = list(load_queue_data(city).procedures())
    if procedure is not None:
        if procedure not in procedures:
            raise input_error("forecast_unknown_procedure", procedure=procedure)
    fs = fc.load_forecast_settings(city)
    daily = expected_per_day(start, end, procedures, fs)
    served = capacity.served_by(offices)
    seats = capacity.seats_offered(start, end)
    chosen = [procedure] if procedure else procedures
    calendar = [(d, fc.period_of(d, by)) for d in fc.days(start, end)]
    rows: list[fc.Row] = []
    for o in [office] if office else offices:
        available = capacity.minutes_available(o, chosen, start, end)
        minutes = measured_minutes(o)  # the office's own, else the city's, else the typical minutes
        for p in chosen:
            share = fc.office_shares(offices, served, p).get(o, 0.0)
            visits = daily.get(p, Counter())
            if not (share and visits) and not available.get(p) and not seats.get((o, p)):
                continue  # nothing expected, nothing offered: no row
            each = minutes[p].median if p in minutes else 0.0
            minutes_of, seats_of = available.get(p, Counter()), seats.get((o, p), Counter())
            by_period: dict[str, list[float]] = {k: [0.0, 0.0, 0] for _, k in calendar}
            for d, k in calendar:
                acc = by_period[k]
                acc[0] += visits.get(d, 0) * share
                acc[1] += minutes_of.get(d, 0)
                acc[2] += seats_of.get(d, 0)
            rows += [fc.row(k, o, p, v, each, a, int(s)) for k, (v, a, s) in by_period.items()]
    return rows


def expected_per_day(start: date, end: date, procedures: list[str], fs: fc.ForecastSettings) -> dict[str, Counter]:
    """City-wide expected visits per procedure and day."""
    lag = register.card_processing_days()
    arrivals = history.measured_arrivals(fs)
    profiles = {p: fc.arrival_profile(fs, p, arrivals.get(p)) for p in fc.REGISTER_PROCEDURES}
    # A window opening up to the profile's last week before `start` still sends visits into the range.
    reach = timedelta(weeks=max(len(v) for v in profiles.values()) - 1)
    counts = register.register_counts(start - timedelta(days=lag) - reach, end)
    needs_history = [p for p in fc.REGISTER_PROCEDURES if p not in fs.uptake]
    measured = history.measured_uptakes(fs) if needs_history else {}
    uptake = {p: fc.uptake_for(fs, p, measured.get(p)) for p in fc.REGISTER_PROCEDURES}
    # Visits per day: the register's cohorts spread by the arrival profile (all
    # on the first day without one), arithmetic on the GROUP BY counts.
    visits = {p: fc.spread(counts[p], profiles[p], start - timedelta(days=lag), end) for p in fc.REGISTER_PROCEDURES}
    out: dict[str, Counter] = {}
    for p in fc.REGISTER_PROCEDURES:
        out[p] = Counter({d: n * uptake[p] for d, n in visits[p].items() if start <= d <= end})
    # A renewal applied for today is a card to collect when J-LIS has made it.
    renewals = visits[fc.CARD_RENEWAL]
    for d, n in renewals.items():
        day = fc.pickup_day(d, lag)
        if start <= day <= end:
            out[fc.PICKUP][day] += n * uptake[fc.CARD_RENEWAL] * uptake[fc.PICKUP]
    out.update(history.baseline(start, end, procedures, fs, capacity.is_open))
    return {p: c for p, c in out.items() if p in procedures}
