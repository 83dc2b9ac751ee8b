"""Extra opening days a supervisor sets (a Saturday, an evening), and their one path
into the calendar.

The rows are kept in the database (models.ExtraOpening) and handed to the
kernel as data (core.city.register_staff_openings): the rules' calendar joins
them to the data file's `openings`, so the guide, the booking pages, the
counter and the forecast's capacity all read the same day. The calendar's own
rules decide what may be opened (rules.calendar.STAFF_OVERRIDABLE).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, time
from time import monotonic

from django.db import transaction

from madoguchi.audit.services import Actor, record
from madoguchi.booking.services import slots as slot_services
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.core.messages import text
from madoguchi.core.problems import ProblemError
from madoguchi.rules.calendar import Interval, Opening
from madoguchi.rules.text import Text

from .models import ExtraOpening


class OpeningError(ProblemError):
    pass


# Every municipality() asks for the openings (many times a page): the rows are
# kept for KEEP_SECONDS, and forgotten at once when this process writes one,
# so another worker process sees a new opening at most that much later.
KEEP_SECONDS = 2.0
_kept: list[tuple[float, tuple[tuple[str, Opening], ...]]] = []


def forget() -> None:
    _kept.clear()


def staff_openings() -> tuple[tuple[str, Opening], ...]:
    """Every stored extra opening, as the calendar's data (office id, opening)."""
    now = monotonic()
    if _kept and _kept[0][0] > now:
        return _kept[0][1]
    found = _read()
    _kept[:] = [(now + KEEP_SECONDS, found)]
    return found


def _read() -> tuple[tuple[str, Opening], ...]:
    rows = ExtraOpening.objects.values_list("office_id", "day", "start", "end", "procedures", "reason")
    return tuple(
        (office, Opening(
            date=day,
            hours=(Interval(start.hour * 60 + start.minute, end.hour * 60 + end.minute),),
            reason=Text(reason, en=reason, easy=reason),
            procedures=frozenset(procedures) if procedures else None,
            source="staff",
            by_staff=True,
        ))
        for office, day, start, end, procedures, reason in rows
    )  # fmt: skip


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@contextmanager
def kept_fresh() -> Iterator[None]:
    """Around a transaction that writes openings: what was kept is forgotten
    after it, committed or rolled back (inside it, create_opening forgets)."""
    try:
        yield
    finally:
        forget()


def add_opening(
    actor: Actor, office_id: str, day: date, start: time, end: time, procedures: Iterable[str], reason: str
) -> tuple[ExtraOpening, int]:
    """Open the counter on `day` from `start` to `end` for `procedures` and open
    their booking slots: one transaction, one audit entry. Returns the opening
    and how many slots it added."""
    with kept_fresh(), transaction.atomic():
        opening = create_opening(actor, office_id, day, start, end, procedures, reason)
        # The calendar now includes the opening (municipality() reads it again).
        opened = sum(slot_services.open_slots(p, day, day, opening.office_id) for p in opening.procedures)
        record(actor, "create", "extra-opening", opening.pk, reason=opening.reason, detail={
            "office": opening.office_id, "day": day.isoformat(), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
            "procedures": opening.procedures, "slots_opened": opened,
        })  # fmt: skip
    return opening, opened


def create_opening(
    actor: Actor, office_id: str, day: date, start: time, end: time, procedures: Iterable[str], reason: str
) -> ExtraOpening:
    """Check and store an opening, inside the caller's transaction, which opens
    its slots and writes the one audit entry (add_opening; the forecast's apply).
    Raises OpeningError, before any write, when the calendar refuses the day."""
    m = municipality()
    try:
        office = m.city.office(office_id).id
    except KeyError:
        offices = ", ".join(o.id for o in m.city.offices)
        raise OpeningError("forecast_office", key="forecast.error.office", params={"offices": offices}, status=422, field="office") from None
    chosen = sorted(set(procedures))
    if not chosen:
        raise OpeningError("opening_procedures", key="forecast.error.opening_procedures", status=422, field="procedures")
    for p in chosen:
        m.catalog.get(p)  # an unknown id is the catalog's own error
    if not _minutes(start) < _minutes(end):
        raise OpeningError("opening_hours", key="forecast.error.opening_hours", status=422, field="end")
    if day <= clock.today():
        raise OpeningError("opening_past", key="forecast.error.opening_past", status=422, field="day")
    try:
        check_line(reason, max_length=200)
    except FreeTextError as e:
        raise OpeningError(e.code, e.text, status=422, field="reason") from None
    if not reason.strip():
        raise OpeningError("opening_reason", key="forecast.error.opening_reason", status=422, field="reason")
    calendar = m.calendar(office)
    for p in chosen:
        refused = calendar.staff_opening_refusal(p, day)
        if refused is not None:
            raise OpeningError(
                "opening_closed", text("forecast.error.opening_closed", day=day.isoformat(), reason=refused.text),
                status=422, field="day",
                extra={"closed_reason": refused.code},
            )  # fmt: skip
    if ExtraOpening.objects.filter(office_id=office, day=day, start=start).exists():
        raise OpeningError("opening_exists", key="forecast.error.opening_exists", status=409, field="start")
    opening = ExtraOpening.objects.create(
        office_id=office, day=day, start=start, end=end, procedures=chosen, reason=reason.strip(),
        created_by=actor.name, created_at=clock.now(),
    )  # fmt: skip
    forget()  # the calendar reads it from now on, in this transaction too
    return opening
