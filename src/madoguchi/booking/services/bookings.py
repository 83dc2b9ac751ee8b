"""Booking a seat, moving it, cancelling it, and the counter's check-in.

The seat is taken by one guarded UPDATE inside the booking's transaction:

    UPDATE booking_slot SET booked = booked + party
     WHERE id = slot AND NOT blocked AND booked + party <= capacity
       AND no one is on the slot's waiting list

One row changed: the seat is ours. None: the slot is full (or blocked, or a
waiting resident is ahead). Two writers can never both take the last seat,
on PostgreSQL (row lock) or SQLite (one writer at a time); the database's
CHECK constraint is a second line. docs/booking.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.core.messages import section

from ..models import Booking, PickupNotice, Slot, WaitingEntry
from . import waiting_list
from .errors import BookingError
from .tokens import new_reference, new_token, token_hash
from .visitor import Visitor

MESSAGES = section("booking.bookings")  # texts in booking/services/messages.yaml


def _fail(code: str, status: int = 422, field: str | None = "slot_id", **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=status, field=field)


@dataclass(frozen=True)
class Confirmation:
    """A new booking and the secret token, shown once and never stored."""

    booking: Booking
    token: str


def _slot_start(slot: Slot) -> datetime:
    return datetime.combine(slot.date, slot.start, tzinfo=clock.TOKYO)


def check_bookable(slot: Slot, procedure_id: str) -> None:
    if slot.procedure_id != procedure_id:
        raise _fail("wrong_procedure")
    now = clock.now()
    if _slot_start(slot) <= now:
        raise _fail("slot_past")
    if slot.date > clock.today() + timedelta(days=settings.BOOKING_HORIZON_DAYS):
        raise _fail("slot_too_far", days=settings.BOOKING_HORIZON_DAYS)
    if slot.blocked:
        raise _fail("blocked", status=409)


def _slot_pk(slot_id: object) -> int:
    try:
        pk = int(slot_id)
    except (TypeError, ValueError, OverflowError):
        raise _fail("slot_not_found") from None
    if not (0 < pk < 2**63):
        raise _fail("slot_not_found")
    return pk


ALTERNATIVES = 5


def alternatives(slot: Slot, party: int, *, until: date | None = None, limit: int = ALTERNATIVES) -> list[Slot]:
    """What a resident told "full" can book instead: times of the same
    procedure with room for the party now, the nearest after the full slot
    first, then the nearest before it (up to `until`, a pickup's deadline)."""
    now = clock.now().astimezone(clock.TOKYO)
    today, time_now = now.date(), now.time().replace(tzinfo=None, microsecond=0)
    last = today + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    if until is not None:
        last = min(last, until)
    waiting = WaitingEntry.objects.filter(slot=OuterRef("pk"), status=WaitingEntry.Status.WAITING)
    open_ = (
        Slot.objects.filter(procedure_id=slot.procedure_id, blocked=False, booked__lte=F("capacity") - party,
                            date__gte=today, date__lte=last)
        .exclude(pk=slot.pk)
        .exclude(date=today, start__lte=time_now)
        .exclude(Exists(waiting))
    )
    after = Q(date__gt=slot.date) | Q(date=slot.date, start__gt=slot.start)
    found = list(open_.filter(after).order_by("date", "start", "id")[:limit])
    if len(found) < limit:
        found += open_.exclude(after).order_by("-date", "-start", "-id")[: limit - len(found)]
    return sorted(found, key=lambda s: (s.date, s.start, s.pk))


def _full(slot: Slot, party: int, pickup: PickupNotice | None, *, booked_slot_id: int | None = None) -> BookingError:
    """409 "full", with the times to book instead (a pickup's only up to its
    deadline; never the slot the booking already holds)."""
    until = pickup.pickup_deadline if pickup is not None else None
    offered = [s for s in alternatives(slot, party, until=until, limit=ALTERNATIVES + 1) if s.pk != booked_slot_id]
    return BookingError("full", MESSAGES["full"], status=409, field="slot_id", alternatives=offered[:ALTERNATIVES])


def load_slot(slot_id: object) -> Slot:
    try:
        return Slot.objects.get(pk=_slot_pk(slot_id))
    except Slot.DoesNotExist:
        raise _fail("slot_not_found") from None


# Read back by take_seats (RETURNING), so the new booking knows its slot
# without another query.
_SLOT_FIELDS = [f for f in Slot._meta.concrete_fields]


def _guarded_update(
    slot_id: int, party: int, *, respect_waiting_list: bool, procedure_id: str | None, after: datetime | None
) -> tuple[str, list[object]]:
    """The guarded UPDATE ... RETURNING the slot, and its parameters."""
    slots = Slot._meta.db_table
    waiting = WaitingEntry._meta.db_table
    sql = f"UPDATE {slots} SET booked = booked + %s WHERE id = %s AND NOT blocked AND booked + %s <= capacity"
    params: list[object] = [party, slot_id, party]
    if procedure_id is not None:
        sql += " AND procedure_id = %s"
        params.append(procedure_id)
    if after is not None:
        local = after.astimezone(clock.TOKYO)
        sql += " AND (date > %s OR (date = %s AND start > %s)) AND date <= %s"
        ops = connection.ops
        day = ops.adapt_datefield_value(local.date())
        last = ops.adapt_datefield_value(local.date() + timedelta(days=settings.BOOKING_HORIZON_DAYS))
        params += [day, day, ops.adapt_timefield_value(local.time().replace(tzinfo=None, microsecond=0)), last]
    if respect_waiting_list:
        # A seat freed while residents wait is theirs, in order (waiting_list.promote).
        sql += f" AND NOT EXISTS (SELECT 1 FROM {waiting} w WHERE w.slot_id = %s AND w.status = %s)"
        params += [slot_id, WaitingEntry.Status.WAITING]
    quote = connection.ops.quote_name
    sql += " RETURNING " + ", ".join(quote(f.column) for f in _SLOT_FIELDS)
    return sql, params


def _slot_from_row(row: tuple) -> Slot:
    # to_python: SQLite hands back dates, times and booleans as text and integers.
    return Slot.from_db(connection.alias, [f.attname for f in _SLOT_FIELDS], [f.to_python(v) for f, v in zip(_SLOT_FIELDS, row)])


def take_seats(
    slot_id: int, party: int, *, respect_waiting_list: bool = True, procedure_id: str | None = None, after: datetime | None = None
) -> Slot | None:
    """The guarded UPDATE: the slot (as it is now) when the seats were ours,
    None when not. Call inside a transaction.

    `procedure_id` and `after` fold the bookability checks into the same
    statement, so the usual case is one round trip; when it fails the caller
    looks at the slot to say why.
    """
    sql, params = _guarded_update(slot_id, party, respect_waiting_list=respect_waiting_list, procedure_id=procedure_id, after=after)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return None if row is None else _slot_from_row(row)


_BOOKING_FIELDS = [f for f in Booking._meta.concrete_fields if not f.primary_key]


def _take_seats_and_insert(booking: Booking, guarded: tuple[str, list[object]]) -> Slot | None:
    """PostgreSQL: the guarded UPDATE and the booking's INSERT in one statement
    (one round trip): the INSERT reads its row from the UPDATE, so no seat, no row.
    The values are the model's own, prepared as Django would save them; the slot
    comes from the UPDATE. (SQLite has no data-modifying WITH: two statements there.)"""
    update_sql, update_params = guarded
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _BOOKING_FIELDS)
    placeholders = ", ".join("seat.id" if f.attname == "slot_id" else "%s" for f in _BOOKING_FIELDS)
    values = [f.get_db_prep_save(f.pre_save(booking, True), connection) for f in _BOOKING_FIELDS if f.attname != "slot_id"]
    sql = (
        f"WITH seat AS ({update_sql}), "
        f"made AS (INSERT INTO {Booking._meta.db_table} ({columns}) SELECT {placeholders} FROM seat RETURNING id) "
        f"SELECT made.id, seat.* FROM made CROSS JOIN seat"
    )
    with connection.cursor() as cur:
        cur.execute(sql, update_params + values)
        row = cur.fetchone()
    if row is None:
        return None
    booking.pk = row[0]
    booking._state.adding = False
    booking._state.db = connection.alias
    return _slot_from_row(row[1:])


def release_seats(slot_id: int, party: int) -> None:
    slots = Slot._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {slots} SET booked = booked - %s WHERE id = %s AND booked >= %s", [party, slot_id, party])


def _audit_detail(booking: Booking) -> dict:
    return {
        "reference": booking.reference,
        "slot": booking.slot_id,
        "procedure": booking.procedure_id,
        "party_size": booking.party_size,
        "contact": "email" if booking.email else "phone",
    }


def create_booking(
    actor: Actor,
    slot_id: int,
    procedure_id: str,
    visitor: Visitor,
    *,
    pickup: PickupNotice | None = None,
    token_digest: str | None = None,
    respect_waiting_list: bool = True,
    notice_reason: str = "",
    after: datetime | None = None,
) -> Booking | None:
    """Insert a booking if the seats can be taken; None when they cannot. Inside a transaction."""
    booking = Booking(
        reference=new_reference(),
        slot_id=slot_id,
        procedure_id=procedure_id,
        name=visitor.name,
        name_kana=visitor.name_kana,
        email=visitor.email,
        phone=visitor.phone,
        party_size=visitor.party_size,
        language=visitor.language,
        token_hash=token_digest or "",
        pickup=pickup,
        created_at=clock.now(),
        needs_notice=bool(notice_reason),
        notice_reason=notice_reason,
    )
    guard = {"respect_waiting_list": respect_waiting_list, "procedure_id": procedure_id if after is not None else None, "after": after}
    if connection.vendor == "postgresql":
        slot = _take_seats_and_insert(booking, _guarded_update(slot_id, visitor.party_size, **guard))
    else:
        slot = take_seats(slot_id, visitor.party_size, **guard)
        if slot is not None:
            booking.save(force_insert=True)
    if slot is None:
        return None
    booking.slot = slot
    record(actor, "create", "booking", booking.pk, reason=notice_reason or "booked", detail=_audit_detail(booking))
    return booking


def book(actor: Actor, slot_id: object, procedure_id: str, visitor: Visitor, *, pickup: PickupNotice | None = None) -> Confirmation:
    """Book `visitor` into a slot: 201 with a token, or BookingError (409 when full)."""
    slot_pk = _slot_pk(slot_id)
    token = new_token()
    with transaction.atomic():
        booking = create_booking(actor, slot_pk, procedure_id, visitor, pickup=pickup, token_digest=token_hash(token), after=clock.now())
        if booking is None:
            # Say why: a wrong or past slot is bad input (422), a full or blocked one 409.
            slot = load_slot(slot_pk)
            check_bookable(slot, procedure_id)
            raise _full(slot, visitor.party_size, pickup)
        if pickup is not None:
            # Conditional, so two tabs booking the same card cannot both win.
            if not PickupNotice.objects.filter(pk=pickup.pk, status=PickupNotice.Status.WAITING).update(
                status=PickupNotice.Status.BOOKED
            ):
                from .pickups import already_booked_error

                raise already_booked_error()
    return Confirmation(booking, token)


def find_by_token(actor: Actor, token: str) -> Booking | None:
    """The booking behind a secret link (its reading is audited), or None."""
    if not token or len(token) > 100:
        return None
    booking = Booking.objects.select_related("slot").filter(token_hash=token_hash(token)).first()
    if booking is not None:
        with transaction.atomic():
            record(actor, "read", "booking", booking.pk, reason="resident opened the secret link", detail={"reference": booking.reference})
    return booking


def _locked(booking: Booking) -> Booking:
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if locked.status != Booking.Status.CONFIRMED:
        raise _fail("not_active", status=409, field=None)
    return locked


def cancel(actor: Actor, booking: Booking, reason: str = "cancelled by the resident") -> Booking:
    """Cancel, free the seats, and give them to the waiting list in order."""
    with transaction.atomic():
        booking = _locked(booking)
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        release_seats(booking.slot_id, booking.party_size)
        if booking.pickup_id:
            PickupNotice.objects.filter(pk=booking.pickup_id, status=PickupNotice.Status.BOOKED).update(
                status=PickupNotice.Status.WAITING
            )
        record(actor, "cancel", "booking", booking.pk, reason=reason, detail=_audit_detail(booking))
        waiting_list.promote(booking.slot_id)
    return booking


def move(actor: Actor, booking: Booking, new_slot_id: object) -> Booking:
    """Change the time: the new seat is taken before the old one is freed, in one transaction."""
    new_slot = load_slot(new_slot_id)
    check_bookable(new_slot, booking.procedure_id)
    if booking.pickup_id and new_slot.date > booking.pickup.pickup_deadline:
        from .pickups import deadline_error

        raise deadline_error(booking.pickup.pickup_deadline)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.slot_id == new_slot.pk:
            raise _fail("same_slot")
        taken = take_seats(new_slot.pk, booking.party_size)
        if taken is None:
            raise _full(new_slot, booking.party_size, booking.pickup if booking.pickup_id else None, booked_slot_id=booking.slot_id)
        old_slot_id = booking.slot_id
        booking.slot = taken
        booking.needs_notice = False
        booking.notice_reason = ""
        booking.save(update_fields=["slot", "needs_notice", "notice_reason"])
        release_seats(old_slot_id, booking.party_size)
        record(actor, "update", "booking", booking.pk, reason="moved", detail={**_audit_detail(booking), "from_slot": old_slot_id})
        waiting_list.promote(old_slot_id)
    return booking


def check_in(actor: Actor, booking: Booking) -> Booking:
    with transaction.atomic():
        booking = _locked(booking)
        if booking.slot.date != clock.today():
            raise _fail("not_today", status=409, field=None)
        booking.status = Booking.Status.CHECKED_IN
        booking.checked_in_at = clock.now()
        booking.save(update_fields=["status", "checked_in_at"])
        record(actor, "check-in", "booking", booking.pk, detail=_audit_detail(booking))
        from madoguchi.queue.services.tickets import is_queued, issue_for_booking  # its ticket for the line

        if is_queued(booking.procedure_id):
            issue_for_booking(actor, booking)
    return booking


def mark_no_show(actor: Actor, booking: Booking) -> Booking:
    """The resident did not come: the seat is not freed (its time has passed)."""
    with transaction.atomic():
        booking = _locked(booking)
        booking.status = Booking.Status.NO_SHOW
        booking.save(update_fields=["status"])
        record(actor, "no-show", "booking", booking.pk, detail=_audit_detail(booking))
    return booking


def day_list(actor: Actor, office_id: str, day: date) -> list[Booking]:
    """An office's bookings of one day, for the counter; the reading is audited."""
    bookings = list(
        Booking.objects.select_related("slot", "queue_ticket")
        .filter(slot__office_id=office_id, slot__date=day)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("slot__start", "id")
    )
    with transaction.atomic():
        record(actor, "read", "booking-day", f"{office_id}:{day.isoformat()}", detail={"bookings": [b.pk for b in bookings]})
    return bookings
