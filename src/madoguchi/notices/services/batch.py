"""The daily batch: make every notice due on a day, exactly once, then deliver mail.

Idempotence comes from the unique `Notice.key`: a rerun, a run resumed after
a crash, or two runs at once compute the same keys and the database keeps one
row per key. A day counts as done only when its run finished (`BatchRun`); the
next run catches up every day since the last finished one (bounded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction

from madoguchi.core import clock
from madoguchi.audit.services import Actor, record
from madoguchi.rules.municipality import Municipality
from madoguchi.rules.notices import NoticeKind
from madoguchi.core.city import municipality_on

from ..drafts import Draft
from ..models import BatchRun, Notice

Finder = Callable[[date, NoticeKind, Municipality], Iterable[Draft]]
INSERT_BATCH = 1000


@dataclass
class BatchReport:
    days: list[date] = field(default_factory=list)
    proposed: dict[str, int] = field(default_factory=dict)  # kind -> drafts × channels
    created: dict[str, int] = field(default_factory=dict)  # kind -> new notices
    dry_run: bool = False

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def days_to_run(day: date) -> list[date]:
    """`day`, and the days before it since the last finished run (at most the catch-up limit)."""
    limit = getattr(settings, "MADOGUCHI_NOTICES_CATCH_UP_DAYS", 31)
    last = BatchRun.objects.filter(day__lt=day).order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return [day]
    start = max(last + timedelta(days=1), day - timedelta(days=limit))
    return [start + timedelta(days=i) for i in range((day - start).days + 1)]


def channels_for(draft: Draft, kind: NoticeKind) -> list[str]:
    """A letter needs a postal address; mail only goes to residents who gave an address."""
    out = []
    for channel in kind.channels:
        if channel == "letter" and draft.postal_address:
            out.append(channel)
        elif channel == "mail" and draft.email:
            out.append(channel)
    return out


def _notice(draft: Draft, kind: NoticeKind, channel: str, day: date) -> Notice:
    return Notice(
        key=draft.key(channel),
        kind=kind.id,
        channel=channel,
        due_on=day,
        deadline=draft.deadline,
        lead_days=draft.lead_days,
        subject_type=draft.subject_type,
        subject_id=draft.subject_id,
        resident_ref=draft.resident_ref,
        procedure=kind.procedure or "",
        language=draft.language,
        name=draft.name,
        postal_address=draft.postal_address,
        email=draft.email,
        created_at=clock.now(),
    )


def make_notices(day: date, kind: NoticeKind, drafts: Iterable[Draft]) -> tuple[int, int]:
    """Insert the notices not made yet; returns (proposed, created)."""
    proposed = 0
    created = 0
    pending: list[Notice] = []

    def flush() -> int:
        if not pending:
            return 0
        keys = [n.key for n in pending]
        with transaction.atomic():
            existing = set(Notice.objects.filter(key__in=keys).values_list("key", flat=True))
            new = [n for n in pending if n.key not in existing]
            # A concurrent batch may insert some of the same keys meanwhile: the
            # unique key keeps one row each, and the count below is then shared.
            Notice.objects.bulk_create(new, batch_size=INSERT_BATCH, ignore_conflicts=True)
            made = Notice.objects.filter(key__in=keys).count() - len(existing) if new else 0
            if made:
                record(
                    Actor.system(),
                    "create",
                    "notice-batch",
                    f"{kind.id}:{day.isoformat()}",
                    detail={"kind": kind.id, "day": day.isoformat(), "created": made},
                    reason="daily notice batch",
                )
        pending.clear()
        return made

    for draft in drafts:
        for channel in channels_for(draft, kind):
            proposed += 1
            pending.append(_notice(draft, kind, channel, day))
            if len(pending) >= INSERT_BATCH:
                created += flush()
    created += flush()
    return proposed, created


def run_batch(
    day: date,
    *,
    finders: dict[str, Finder] | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable[Draft], str], Iterable[Draft]] | None = None,
) -> BatchReport:
    """Make every notice due on `day` (and on any day missed since the last run)."""
    from ..finders import FINDERS

    finders = FINDERS if finders is None else finders
    if connection.vendor == "sqlite" and not dry_run:
        # SQLite keeps no statistics by itself; its documentation asks
        # long-lived applications to run this now and then (it is cheap when
        # nothing changed). PostgreSQL's autovacuum does the same on its own.
        with connection.cursor() as cur:
            cur.execute("PRAGMA optimize")
    report = BatchReport(days=days_to_run(day), dry_run=dry_run)
    for d in report.days:
        started = clock.now()
        made_today = 0
        law = municipality_on(d)  # the law of the day the notices are for, not of the day the batch runs
        for kind in law.notices.values():
            if not kind.enabled:
                continue
            drafts: Iterable[Draft] = finders[kind.id](d, kind, law)
            if progress is not None:
                drafts = progress(drafts, f"{d} {kind.id}")
            if dry_run:
                n = sum(len(channels_for(x, kind)) for x in drafts)
                report.proposed[kind.id] = report.proposed.get(kind.id, 0) + n
                continue
            proposed, created = make_notices(d, kind, drafts)
            report.proposed[kind.id] = report.proposed.get(kind.id, 0) + proposed
            report.created[kind.id] = report.created.get(kind.id, 0) + created
            made_today += created
        if not dry_run:
            # A concurrent run may have finished the day first; either is fine.
            BatchRun.objects.get_or_create(
                day=d, defaults={"started_at": started, "finished_at": clock.now(), "created": made_today}
            )
    return report
