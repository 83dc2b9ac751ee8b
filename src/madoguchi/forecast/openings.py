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
from madoguchi.core.date_text import day_in_every_language
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
    late = calendar.evening_refusal(day, _minutes(end))
    if late is not None:  # the national server's evening limit (data/national/rules.yaml)
        raise OpeningError("opening_evening_limit", late.text, status=422, field="end", extra={"closed_reason": late.code})
    for p in chosen:
        refused = calendar.staff_opening_refusal(p, day)
        if refused is not None:
            raise OpeningError(
                "opening_closed", text("forecast.error.opening_closed", day=day_in_every_language(day), reason=refused.text),
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


def _without(opening: ExtraOpening):
    """The city's calendar as it would be without `opening` (the others kept)."""
    from django.conf import settings

    from madoguchi.rules.loader import load_municipality

    start = _minutes(opening.start)
    others = tuple(
        (office, o) for office, o in staff_openings()
        if not (office == opening.office_id and o.date == opening.day and o.hours[0].start == start)
    )  # fmt: skip
    # The data's own view of today, joined to the other openings (as core.city.municipality joins them all).
    return load_municipality(settings.MADOGUCHI_CITY).as_of(clock.today()).with_openings(others)


def own_slots(opening: ExtraOpening):
    """The booking slots only this opening gives: in its hours, for its
    procedures, and not a slot the day would have without it."""
    from django.conf import settings

    from madoguchi.booking.models import Slot
    from madoguchi.rules.slots import slot_plan

    without = _without(opening)
    ids = []
    for p in opening.procedures:
        kept = {s.interval.start for s in slot_plan(without, p, opening.day, opening.day, settings.BOOKING_SLOT_MINUTES, opening.office_id)}
        rows = Slot.objects.filter(
            office_id=opening.office_id, procedure_id=p, date=opening.day, start__gte=opening.start, end__lte=opening.end
        )  # fmt: skip
        ids += [s.pk for s in rows if _minutes(s.start) not in kept]
    return Slot.objects.filter(pk__in=ids)


def bookings_of(opening: ExtraOpening) -> int:
    """Residents who hold a booking (confirmed or checked in) or wait for a seat in the opening's own slots."""
    from madoguchi.booking.models import Booking, WaitingEntry

    slots = own_slots(opening)
    active = Booking.objects.filter(slot__in=slots, status__in=[Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN]).count()
    return active + WaitingEntry.objects.filter(slot__in=slots, status=WaitingEntry.Status.WAITING).count()


def remove_opening(actor: Actor, opening_id: int) -> tuple[ExtraOpening, int]:
    """Remove an opening and the slots only it gave: one transaction, one audit
    entry. Returns the opening and how many slots it closed.

    Refused while a resident holds a booking or waits in one of those slots
    (a confirmed booking is never lost: move or cancel it first, through the
    booking services, which tell the resident). A slot that keeps only
    cancelled or past bookings is blocked rather than deleted, so its history stays.
    """
    from madoguchi.booking.models import Booking, WaitingEntry

    with kept_fresh(), transaction.atomic():
        opening = ExtraOpening.objects.select_for_update().filter(pk=opening_id).first()
        if opening is None:
            raise OpeningError("opening_unknown", key="forecast.error.opening_unknown", status=404)
        if opening.day <= clock.today():
            raise OpeningError("opening_past", key="forecast.error.opening_past", status=422, field="day")
        held = bookings_of(opening)
        if held:
            raise OpeningError("opening_booked", key="forecast.error.opening_booked", params={"count": held}, status=409)
        slots = own_slots(opening)
        with_history = set(Booking.objects.filter(slot__in=slots).values_list("slot_id", flat=True))
        with_history |= set(WaitingEntry.objects.filter(slot__in=slots).values_list("slot_id", flat=True))
        blocked = slots.filter(pk__in=with_history).update(blocked=True, block_reason=f"extra opening removed: {opening.reason}"[:200])
        gone = slots.exclude(pk__in=with_history)
        deleted = gone.count()
        gone.delete()
        record(actor, "delete", "extra-opening", opening.pk, reason=opening.reason, detail={
            "office": opening.office_id, "day": opening.day.isoformat(), "start": f"{opening.start:%H:%M}",
            "end": f"{opening.end:%H:%M}", "procedures": opening.procedures, "slots_deleted": deleted, "slots_blocked": blocked,
        })  # fmt: skip
        opening.delete()
        forget()
    return opening, deleted + blocked


def upcoming(office_id: str | None = None) -> list[ExtraOpening]:
    """The openings from today on, earliest first."""
    rows = ExtraOpening.objects.filter(day__gte=clock.today())
    return list(rows.filter(office_id=office_id) if office_id else rows)
