"""The mail sender: one process beside the web workers that sends queued mail
within a second of its commit (docs/adr/0028).

The web worker only writes the Notice row in the booking's transaction
(mail.queue_mail); this loop finds the pending mail notices with one indexed
query every MADOGUCHI_MAIL_POLL_SECONDS and sends each through
mail.send_one, whose conditional claim (pending or failed → sending) lets any
number of senders, `notices send-mail` and `notices run` work on the same
outbox without sending a row twice.

- The mail server down: the notice that found it down is `failed`, and the
  sender then only tries a connection every MADOGUCHI_MAIL_RETRY_SECONDS, so
  an outage of any length spends one attempt of one notice; once a
  connection opens it sends again, failed ones first.
- Failed notices (server down, 4xx) are otherwise tried again every
  MADOGUCHI_MAIL_RETRY_SECONDS, up to MADOGUCHI_MAIL_ATTEMPTS.
- The database away: the loop logs, drops its connection and tries again.
- Stopped (SIGTERM) it finishes the mail in hand; killed, the mail in hand
  is left `sending` for a clerk (mail.py), every other row stays `pending`.
"""

from __future__ import annotations

import contextvars
import logging
import smtplib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.db import DatabaseError, connection
from django.db.models import Q

from madoguchi.core import clock

from ..models import Notice
from .mail import MailServer, Sent, _attempts, send_one

log = logging.getLogger(__name__)
BATCH = 100  # notices read per query; a full batch is followed at once by the next


@dataclass(frozen=True)
class Round:
    sent: int = 0
    not_sent: int = 0
    server_down: bool = False
    full: bool = False  # as many as BATCH were due: more may be waiting


def poll_seconds() -> float:
    return float(getattr(settings, "MADOGUCHI_MAIL_POLL_SECONDS", 0.5))


def retry_seconds() -> float:
    return float(getattr(settings, "MADOGUCHI_MAIL_RETRY_SECONDS", 60))


def mail_server_reachable() -> bool:
    """Whether a connection to the mail server opens (and is closed again at once)."""
    mailer = mailers.default
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException):
        return False
    try:
        mailer.close()
    except (OSError, smtplib.SMTPException):
        pass
    return True


def threads() -> int:
    return max(1, int(getattr(settings, "MADOGUCHI_MAIL_SENDER_THREADS", 4)))


def _send(notice_id: int, down: threading.Event, server: MailServer) -> Sent:
    try:
        outcome = send_one(notice_id, server)
    except DatabaseError:
        raise  # the database away: the loop waits and tries again
    except Exception:  # a composer's fault, after the claim: this one is left `sending`, the rest go on
        log.exception("notice %s: could not be composed or sent; left for a clerk", notice_id)
        return Sent(Notice.State.SENDING)
    if outcome.server_down:
        down.set()
    return outcome


def _send_in_threads(ids: list[int], down: threading.Event) -> list[Sent]:
    """The round's notices shared out to threads() threads, each with its own
    database connection and mail server connection, closed when the round ends."""
    queue = iter(ids)
    lock = threading.Lock()
    outcomes: list[Sent] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with MailServer() as server:
                while not down.is_set() and not errors:
                    with lock:
                        notice_id = next(queue, None)
                    if notice_id is None:
                        return
                    outcomes.append(_send(notice_id, down, server))
        except BaseException as e:  # the database away: the round ends, the loop says so
            errors.append(e)
        finally:
            connection.close()  # this thread's own

    # Each thread in a copy of this one's context (a pinned clock goes with it).
    workers = [threading.Thread(target=contextvars.copy_context().run, args=(work,), name=f"madoguchi-mail-{n}")
               for n in range(min(threads(), len(ids)))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    return outcomes


def send_due(*, retry_failed: bool) -> Round:
    """Send the mail notices due today or before: pending ones, and failed ones
    with attempts left when `retry_failed`. Stops at the first sign the mail
    server is down (the rest stay as they are, their attempts unspent; with
    several threads, the mails already in hand each spend one).

    A mail is mostly waiting (the database, the mail server's replies), so
    MADOGUCHI_MAIL_SENDER_THREADS send at once; with 1 they are sent one by
    one in the calling thread, on its connection."""
    due = Q(state=Notice.State.PENDING)
    if retry_failed:
        due |= Q(state=Notice.State.FAILED, attempts__lt=_attempts())
    ids = list(
        Notice.objects.filter(due, channel="mail", due_on__lte=clock.today()).order_by("id").values_list("id", flat=True)[:BATCH]
    )
    down = threading.Event()
    if threads() == 1 or len(ids) < 2:
        outcomes = []
        with MailServer() as server:
            for notice_id in ids:
                outcomes.append(_send(notice_id, down, server))
                if down.is_set():
                    break
    else:
        outcomes = _send_in_threads(ids, down)
    sent = sum(1 for o in outcomes if o.state == Notice.State.SENT)
    not_sent = sum(1 for o in outcomes if o.state and o.state != Notice.State.SENT)
    if down.is_set():
        return Round(sent, not_sent, server_down=True)
    return Round(sent, not_sent, full=len(ids) == BATCH)


def run(stop: threading.Event) -> None:
    """Send mail until `stop` is set (the `notices sender` command's loop)."""
    next_retry = 0.0  # failed notices are tried once at start, then every retry_seconds()
    while not stop.is_set():
        now = time.monotonic()
        retry_failed = now >= next_retry
        if retry_failed:
            next_retry = now + retry_seconds()
        try:
            result = send_due(retry_failed=retry_failed)
        except DatabaseError:
            log.warning("mail sender: the database is away; trying again", exc_info=True)
            connection.close()  # a broken connection is made again by the next query
            stop.wait(max(poll_seconds(), 2.0))
            continue
        if result.sent or result.not_sent:
            log.info("mail sender: %s sent, %s not sent", result.sent, result.not_sent)
        if result.server_down:
            log.warning("mail sender: the mail server is down; trying it every %s s", retry_seconds())
            # Only a connection is tried while it is down, so an outage spends one
            # attempt of one notice, however long it lasts.
            while not stop.wait(retry_seconds()) and not mail_server_reachable():
                pass
            next_retry = 0.0  # the notice that found it down is failed: try it first
        elif not result.full:
            stop.wait(poll_seconds())
