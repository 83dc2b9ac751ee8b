"""For each kind of notice, the subjects due on a day.

Each finder turns the day into indexed values (expiry dates, deadlines, a
booked day) with the timing rules of madoguchi.rules.notices, and asks the
database for exactly those rows: a day's batch costs in proportion to the
notices due, not to the number of cards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from madoguchi.core.clock import TOKYO
from madoguchi.rules.municipality import Municipality
from madoguchi.rules.notices import NoticeKind, dates_days_ahead, expiries_whose_renewal_opens_on

from .drafts import Draft


def each_day(query, field: str, days: list[date]) -> Iterator:
    """The rows whose `field` is each of `days`, one equality query a day.

    One query per day (there are at most a few) rather than `field IN (...)`:
    with an IN list SQLite may choose the low-selectivity status index and
    read every card; an equality always uses the date's index. A plain fetch,
    not a server-side cursor: PostgreSQL plans a cursor for its first rows and
    would walk the primary key in id order, filtering every card. A day's due
    rows are few (hundreds), so fetching them at once costs nothing.
    """
    for day in sorted(set(days)):
        yield from query.filter(**{field: day}).order_by("id")


def certificate_renewal_window(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.counter.models import Certificate

    rows = Certificate.objects.filter(kind="user", status="active", card__status="active").select_related("card__resident")
    if _paced():
        rows = _paced_rows(rows, day, kind, "certificate")
    else:
        rows = each_day(rows, "expires", expiries_whose_renewal_opens_on(m.validity, day))
    for cert in rows:
        r = cert.card.resident
        yield Draft(kind.id, "certificate", str(cert.id), str(r.id), cert.expires, 0, r.name, r.address, language=r.language)


def card_renewal_window(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.counter.models import Card

    # Cards ending with a period of stay have their own notice (period-of-stay-ending).
    rows = Card.objects.filter(status="active", expiry_basis="birthday").select_related("resident")
    if _paced():
        rows = _paced_rows(rows, day, kind, "card")
    else:
        rows = each_day(rows, "expires", expiries_whose_renewal_opens_on(m.validity, day))
    for card in rows:
        r = card.resident
        yield Draft(kind.id, "card", str(card.id), str(r.id), card.expires, 0, r.name, r.address, language=r.language)


def _paced() -> bool:
    from madoguchi.forecast.services import pacing

    return pacing.enabled()


def _paced_rows(query, day: date, kind: NoticeKind, subject_type: str) -> list:
    """The renewal letters the paced plan sends on `day` (forecast.yaml
    `paced_letters`; forecast/services/pacing.py): of the residents whose
    window opened in the plan's weeks and who have no letter yet, the ones
    the week's capacity takes, and every one at its latest day.

    The window's opening is the stored derived date (ADR 0018), as the
    forecast counts it; a letter already made (this notice, this subject,
    this expiry) is left out, so a resident gets one letter whichever day
    the plan picks, and the unique key still refuses a second.
    """
    from madoguchi.forecast.services import pacing

    from .models import Notice

    week = pacing.monday(day)
    earliest = week - timedelta(weeks=pacing.latest_weeks())
    rows = {r.id: r for r in query.filter(renewal_opens__range=(earliest, day), expires__gt=day).order_by("id")}
    # Every letter these residents could have: made no earlier than their window opened.
    made = Notice.objects.filter(due_on__gte=earliest, kind=kind.id, subject_type=subject_type)
    done = {(s, d) for s, d in made.values_list("subject_id", "deadline")}
    waiting = [
        pacing.Waiting(r, r.renewal_opens, r.expires, r.id) for r in rows.values() if (str(r.id), r.expires) not in done
    ]  # fmt: skip
    sent = Notice.objects.filter(kind=kind.id, due_on__gte=week, due_on__lt=day).values("subject_id").distinct().count()
    return [w.key for w in pacing.letters_due(day, pacing.PACED_NOTICES[kind.id], waiting, sent)]


def period_of_stay_ending(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.counter.models import Card

    ends = dates_days_ahead(day, kind.days_before)
    # A 特定在留カード's holder renews the stay at immigration and need not come
    # to the city (FACTS.md §9, data/national/rules.yaml residence_card): no letter.
    rows = Card.objects.filter(status="active", expiry_basis="period_of_stay", serves_as_residence_card=False).select_related("resident")
    for card in each_day(rows, "expires", ends):
        r = card.resident
        yield Draft(kind.id, "card", str(card.id), str(r.id), card.expires, (card.expires - day).days, r.name, r.address,
                    language=r.language)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=TOKYO)
    return start, start + timedelta(days=1)


def _pickup_drafts(kind: NoticeKind, pickups, day: date, lead: bool) -> Iterator[Draft]:
    from madoguchi.counter.models import Card

    pickups = list(pickups)
    addresses = {
        c.notice_number: c.resident
        for c in Card.objects.filter(notice_number__in=[p.notice_number for p in pickups]).select_related("resident")
    }
    for p in pickups:
        resident = addresses.get(p.notice_number)
        lead_days = (p.pickup_deadline - day).days if lead else 0
        yield Draft(
            kind.id,
            "pickup",
            p.notice_number,
            str(resident.id) if resident else "",
            p.pickup_deadline,
            lead_days,
            resident.name if resident else p.holder_name,
            resident.address if resident else "",
            language=resident.language if resident else "ja",
        )


def pickup_waiting(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.booking.models import PickupNotice

    start, end = _day_bounds(day)
    rows = PickupNotice.objects.filter(arrived_at__gte=start, arrived_at__lt=end, status=PickupNotice.Status.WAITING)
    yield from _pickup_drafts(kind, rows.order_by("id"), day, lead=False)


def pickup_deadline_reminder(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.booking.models import PickupNotice

    deadlines = dates_days_ahead(day, kind.days_before)
    # Not yet handed over: a resident who booked still gets the reminder of the deadline.
    rows = PickupNotice.objects.exclude(status=PickupNotice.Status.HANDED_OVER)
    yield from _pickup_drafts(kind, each_day(rows, "pickup_deadline", deadlines), day, lead=True)


def booking_reminder(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.booking.models import Booking

    days = dates_days_ahead(day, kind.days_before)
    rows = Booking.objects.filter(status=Booking.Status.CONFIRMED).exclude(email="").select_related("slot")
    for b in each_day(rows, "slot__date", days):
        yield Draft(kind.id, "booking", b.reference, "", b.slot.date, (b.slot.date - day).days, b.name, email=b.email, language=b.language)


def _flagged_bookings(day: date, kind: NoticeKind, reason: str) -> Iterator[Draft]:
    """Bookings the booking services flagged for notice (needs_notice), still ahead."""
    from madoguchi.booking.models import Booking

    rows = (
        Booking.objects.filter(needs_notice=True, notice_reason__startswith=reason, slot__date__gte=day)
        .exclude(status=Booking.Status.CANCELLED)
        .exclude(email="")
        .select_related("slot")
        .order_by("id")
    )
    for b in rows:
        yield Draft(kind.id, "booking", b.reference, "", b.slot.date, 0, b.name, email=b.email, language=b.language)


def booking_slot_blocked(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.booking.services.slots import BLOCKED

    yield from _flagged_bookings(day, kind, BLOCKED)


def booking_promoted(day: date, kind: NoticeKind, m: Municipality) -> Iterator[Draft]:
    from madoguchi.booking.services.waiting_list import PROMOTED

    yield from _flagged_bookings(day, kind, PROMOTED)


FINDERS = {
    "certificate-renewal-window": certificate_renewal_window,
    "card-renewal-window": card_renewal_window,
    "period-of-stay-ending": period_of_stay_ending,
    "pickup-waiting": pickup_waiting,
    "pickup-deadline-reminder": pickup_deadline_reminder,
    "booking-reminder": booking_reminder,
    "booking-slot-blocked": booking_slot_blocked,
    "booking-promoted": booking_promoted,
}
