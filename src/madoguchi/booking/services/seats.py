"""A slot's seats: the one guarded UPDATE, the booking's insert, the release,
and the checks of a slot before a seat is taken. Bookings, the waiting list
and pickups all sit on this module, and it imports none of them, so the
three never import each other in a circle.

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

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection

from madoguchi.audit.services import Actor, record
from madoguchi.core import clock
from madoguchi.core.date_text import day_in_every_language
from madoguchi.core.messages import section
from madoguchi.core.raw_rows import insert_fields, mark_saved, values_to_insert

from ..models import Booking, PickupNotice, Slot, WaitingEntry
from .errors import BookingError
from .tokens import new_reference
from .visitor import Visitor

MESSAGES = section("booking.seats")  # texts in booking/services/messages.yaml


def refusal(code: str, status: int = 422, field: str | None = "slot_id", **fmt: object) -> BookingError:
    return BookingError(code, MESSAGES[code].format(**fmt), status=status, field=field)


def deadline_error(deadline: date) -> BookingError:
    """A pickup's time after the card's pickup deadline."""
    return refusal("after_deadline", deadline=day_in_every_language(deadline))


def already_booked_error() -> BookingError:
    """A pickup of this card is booked already (two tabs)."""
    return refusal("already_booked", status=409, field=None)


def slot_start(slot: Slot) -> datetime:
    return datetime.combine(slot.date, slot.start, tzinfo=clock.TOKYO)


def check_bookable(slot: Slot, procedure_id: str) -> None:
    if slot.procedure_id != procedure_id:
        raise refusal("wrong_procedure")
    now = clock.now()
    if slot_start(slot) <= now:
        raise refusal("slot_past")
    if slot.date > clock.today() + timedelta(days=settings.BOOKING_HORIZON_DAYS):
        raise refusal("slot_too_far", days=settings.BOOKING_HORIZON_DAYS)
    if slot.blocked:
        raise refusal("blocked", status=409)


def slot_pk(slot_id: object) -> int:
    try:
        pk = int(slot_id)
    except (TypeError, ValueError, OverflowError):
        raise refusal("slot_not_found") from None
    if not (0 < pk < 2**63):
        raise refusal("slot_not_found")
    return pk


def load_slot(slot_id: object) -> Slot:
    try:
        return Slot.objects.get(pk=slot_pk(slot_id))
    except Slot.DoesNotExist:
        raise refusal("slot_not_found") from None


# Read back by take_seats (RETURNING), so the new booking knows its slot
# without another query.
_SLOT_FIELDS = [f for f in Slot._meta.concrete_fields]


def guarded_update(
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
    sql, params = guarded_update(slot_id, party, respect_waiting_list=respect_waiting_list, procedure_id=procedure_id, after=after)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return None if row is None else _slot_from_row(row)


_BOOKING_FIELDS = insert_fields(Booking)


def take_seats_and_insert(booking: Booking, guarded: tuple[str, list[object]]) -> Slot | None:
    """PostgreSQL: the guarded UPDATE and the booking's INSERT in one statement
    (one round trip): the INSERT reads its row from the UPDATE, so no seat, no row.
    The values are the model's own, prepared as Django would save them; the slot
    comes from the UPDATE. (SQLite has no data-modifying WITH: two statements there.)"""
    update_sql, update_params = guarded
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _BOOKING_FIELDS)
    placeholders = ", ".join("seat.id" if f.attname == "slot_id" else "%s" for f in _BOOKING_FIELDS)
    values = values_to_insert(booking, [f for f in _BOOKING_FIELDS if f.attname != "slot_id"])
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
    mark_saved(booking, row[0])
    return _slot_from_row(row[1:])


def release_seats(slot_id: int, party: int) -> None:
    slots = Slot._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {slots} SET booked = booked - %s WHERE id = %s AND booked >= %s", [party, slot_id, party])


def audit_detail(booking: Booking) -> dict:
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
    link_seed: str = "",
    respect_waiting_list: bool = True,
    notice_reason: str = "",
    after: datetime | None = None,
    audit_later: bool = False,
) -> Booking | None:
    """Insert a booking if the seats can be taken; None when they cannot. Inside a transaction.

    `audit_later`: the caller writes the entry itself with `record_created`, as the last
    statement of its transaction (on PostgreSQL the entry holds the audit chain's lock until
    the commit: what the transaction still does after it holds every other booking back)."""
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
        link_seed=link_seed,
        pickup=pickup,
        created_at=clock.now(),
        needs_notice=bool(notice_reason),
        notice_reason=notice_reason,
    )
    guard = {"respect_waiting_list": respect_waiting_list, "procedure_id": procedure_id if after is not None else None, "after": after}
    if connection.vendor == "postgresql":
        slot = take_seats_and_insert(booking, guarded_update(slot_id, visitor.party_size, **guard))
    else:
        slot = take_seats(slot_id, visitor.party_size, **guard)
        if slot is not None:
            booking.save(force_insert=True)
    if slot is None:
        return None
    booking.slot = slot
    if not audit_later:
        record_created(actor, booking)
    return booking


def record_created(actor: Actor, booking: Booking) -> None:
    """The audit entry of a booking made (create_booking's, or its caller's with audit_later)."""
    record(actor, "create", "booking", booking.pk, reason=booking.notice_reason or "booked", detail=audit_detail(booking))
