"""Delivering mail notices: each claimed by one sender, sent once, its state kept.

A sender claims a notice with a conditional update (pending or failed →
sending), sends, then marks it sent. Two senders never send the same notice.

What a failure leaves, so that a mail is never lost and never sent twice:
- the server could not be reached, or answered "try later" (4xx): `failed`,
  tried again by the next sender run, up to MADOGUCHI_MAIL_ATTEMPTS times;
- the server refused the message for good (5xx): `undeliverable`;
- the connection broke while the message was being handed over, or the
  process crashed between sending and marking: `sending`. It is not sent
  again automatically (it may have gone out); the staff screen lists it for
  a clerk to check.

Two kinds of mail go through here. The daily batch's notices (content.py
words them from the city's notice kinds), and mail an app queues at the
moment something happens (`queue_mail`: a booking made, changed or
cancelled), worded by the composer the app registered for its kind
(`register_composer`), so this module never imports the app. A queued mail
is a Notice made in the same transaction as what it tells of; under
`madoguchi serve` the mail sender process (services/sender.py, docs/adr/0028)
sends it within a second of the commit, so the web worker only writes the row.
Elsewhere (`madoguchi run`, MADOGUCHI_MAIL_AT_ONCE=1) it is sent just after
the commit from a background thread of the process. Either way a slow or
absent mail server never delays or undoes what the resident did.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Q

from madoguchi.core import clock
from madoguchi.core.furigana import bracketed
from madoguchi.core.raw_rows import insert_fields, mark_saved, values_to_insert
from madoguchi.audit.services import Actor, record

from ..models import Notice
from madoguchi.web.messages import message

from .content import content_of
from .mail_policy import MAIL_POLICY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """What a composer makes of a notice: the words and any attached files."""

    subject: str
    body: str
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # (filename, content, MIME type)


Composer = Callable[[Notice], Mail]
_COMPOSERS: dict[str, Composer] = {}


def register_composer(kind: str, composer: Composer) -> None:
    """An app says how its kind of mail is worded (called from its AppConfig.ready)."""
    _COMPOSERS[kind] = composer


def mail_text(notice: Notice) -> tuple[str, str]:
    """The mail, in the notice's language, with the same words as its letter."""
    c = content_of(notice)
    lang = c.lang

    def say(key: str, **fmt: object) -> str:
        return bracketed(message(f"notices.letter.{key}", lang, **fmt))

    lines = [say("to", name=notice.name), "", *c.body, "", c.deadline_label]
    if notice.subject_type == "pickup":
        lines.append(say("notice_number", number=notice.subject_id))
    if c.bring:
        lines += ["", f"{say('bring')}:", *(f"・{b}" for b in c.bring)]
    if c.booking_url:
        lines += ["", f"{say('book')}:", c.booking_url]
    lines += ["", say("place", office=c.office), say("contact", contact=c.contact)]
    return c.subject, "\n".join(lines)


def compose(notice: Notice) -> Mail:
    composer = _COMPOSERS.get(notice.kind)
    if composer is not None:
        return composer(notice)
    subject, body = mail_text(notice)
    return Mail(subject, body)


# --- queueing a mail at the moment something happens ---


def queue_mail(
    *,
    key: str,
    kind: str,
    subject_type: str,
    subject_id: object,
    deadline: date,
    name: str,
    email: str,
    language: str,
    procedure: str = "",
) -> Notice | None:
    """Record a mail to send (once: `key` is unique) inside the caller's transaction.

    The mail sender process picks it up within a second of the commit
    (services/sender.py); with MADOGUCHI_MAIL_AT_ONCE this process sends it
    after the commit instead; `madoguchi notices send-mail` (cron) sends
    whatever either missed. Returns None when the key was queued already.
    """
    if not email:
        return None
    notice = Notice(
        key=key,
        kind=kind,
        channel="mail",
        due_on=clock.today(),
        deadline=deadline,
        subject_type=subject_type,
        subject_id=str(subject_id),
        procedure=procedure,
        language=language,
        name=name,
        email=email,
        created_at=clock.now(),
    )
    if not _insert_once(notice):
        return None
    if getattr(settings, "MADOGUCHI_MAIL_AT_ONCE", True):
        transaction.on_commit(lambda: _sender().put(notice.pk))
    return notice


_NOTICE_FIELDS = insert_fields(Notice)


def _insert_once(notice: Notice) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING RETURNING id: one statement, where
    the ORM's create needed a savepoint around it (three round trips and a third
    of the booking's CPU, bench/booking). False when the key was queued already.
    The values are the model's own, prepared as Django would save them."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Notice._meta.db_table)} ({', '.join(quote(f.column) for f in _NOTICE_FIELDS)}) "
        f"VALUES ({', '.join(['%s'] * len(_NOTICE_FIELDS))}) "
        f"ON CONFLICT ({quote(Notice._meta.get_field('key').column)}) DO NOTHING RETURNING {quote(Notice._meta.pk.column)}"
    )
    values = values_to_insert(notice, _NOTICE_FIELDS)
    with connection.cursor() as cur:
        cur.execute(sql, values)
        row = cur.fetchone()
    if row is None:
        return False
    mark_saved(notice, row[0])
    return True


class _Sender:
    """One background thread per process that sends queued mail in order."""

    def __init__(self):
        self.ids: queue.Queue[int] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="madoguchi-mail", daemon=True)
        self.thread.start()

    def put(self, notice_id: int) -> None:
        self.ids.put(notice_id)

    def _run(self) -> None:
        while True:
            notice_id = self.ids.get()
            try:
                send_notice(notice_id)
            except Exception:  # never let one mail stop the thread; the notice stays for the next run
                log.exception("notice %s: sending failed", notice_id)
            finally:
                connection.close()  # this thread's own; a request thread's is never touched
                self.ids.task_done()

    def wait(self) -> None:
        """Until every queued mail was tried (tests, and a clean shutdown)."""
        self.ids.join()


_sender_lock = threading.Lock()
_the_sender: _Sender | None = None


def _sender() -> _Sender:
    global _the_sender
    with _sender_lock:
        if _the_sender is None:
            _the_sender = _Sender()
        return _the_sender


def wait_for_queued_mail() -> None:
    if _the_sender is not None:
        _the_sender.wait()


# --- sending ---


def _attempts() -> int:
    return getattr(settings, "MADOGUCHI_MAIL_ATTEMPTS", 5)


def _sendable() -> Q:
    return Q(state=Notice.State.PENDING) | Q(state=Notice.State.FAILED, attempts__lt=_attempts())


def _mark(notice_id: int, state: str, error: str = "") -> None:
    Notice.objects.filter(id=notice_id).update(state=state, last_error=error[:300])


@dataclass(frozen=True)
class Sent:
    """What one try at a notice left: its state ("" if another sender had it), and
    whether the mail server could not be reached at all (nothing went out)."""

    state: str
    server_down: bool = False


def send_notice(notice_id: int) -> str:
    """Claim and send one mail notice; returns the state it is left in ("" if another sender has it)."""
    return send_one(notice_id).state


class MailServer:
    """One connection to the mail server kept open across the mails of a round
    (the sender's thread, `send_pending_mail`), where each mail opened and closed
    its own: the SMTP dialogue's opening (connect, greeting, EHLO, QUIT) was paid
    by every mail, on this side and the mail server's.

    Before a mail goes on a connection that is open already, a NOOP checks it is
    still there: a server that dropped it (an idle timeout, a limit of mails per
    connection, a 421) is found before anything is handed over, and a new one
    is opened. After any error the connection is dropped, and the next mail
    opens its own."""

    def __init__(self) -> None:
        self.mailer = mailers.default
        self._senders: dict[str, str] = {}

    def ready(self) -> None:
        """An open connection, or OSError/SMTPException when none opens."""
        smtp = getattr(self.mailer, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            try:
                if smtp.noop()[0] == 250:
                    return
            except (OSError, smtplib.SMTPException):
                pass
            self.close()
        self.mailer.open()

    def send(self, email: EmailMessage) -> None:
        """Hand one mail over on the open connection (ready() first)."""
        smtp = getattr(self.mailer, "connection", None)
        if not isinstance(smtp, smtplib.SMTP):  # another backend (the console's, in development)
            self.mailer.send_messages([email])
            return
        # What Django's SMTP backend does (smtp.EmailBackend._send), the message
        # written with MAIL_POLICY: email.policy.SMTP's bytes, at less CPU.
        sender = self._senders.get(email.from_email) or self._senders.setdefault(
            email.from_email, self.mailer.prep_address(email.from_email)
        )
        recipients = [self.mailer.prep_address(address) for address in email.recipients()]
        smtp.sendmail(sender, recipients, email.message(policy=MAIL_POLICY).as_bytes())

    def close(self) -> None:
        try:
            self.mailer.close()
        except (OSError, smtplib.SMTPException):
            pass

    def __enter__(self) -> MailServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# The claim: pending, or failed with attempts left → sending, its row read back
# in the same statement (RETURNING), where the ORM needed an UPDATE and a SELECT.
_NOTICE_COLUMNS = ", ".join(connection.ops.quote_name(f.column) for f in Notice._meta.concrete_fields)


def _claim(notice_id: int) -> Notice | None:
    """The conditional claim (`_sendable`, compiled by the ORM), in one round trip."""
    query = Notice.objects.filter(_sendable(), id=notice_id, channel="mail").query
    where, where_params = query.get_compiler(connection.alias).compile(query.where)
    quote = connection.ops.quote_name
    state, claimed, attempts = (quote(Notice._meta.get_field(name).column) for name in ("state", "claimed_at", "attempts"))
    claimed_at = Notice._meta.get_field("claimed_at").get_db_prep_save(clock.now(), connection)
    sql = (
        f"UPDATE {quote(Notice._meta.db_table)} SET {state} = %s, {claimed} = %s, {attempts} = {attempts} + 1 "
        f"WHERE {where} RETURNING {_NOTICE_COLUMNS}"
    )
    # list(): SQLite's UPDATE ... RETURNING is done only once its rows are all read.
    rows = list(Notice.objects.raw(sql, [Notice.State.SENDING, claimed_at, *where_params]))
    return rows[0] if rows else None


def send_one(notice_id: int, server: MailServer | None = None) -> Sent:
    """Claim and send one mail notice (send_notice, telling also whether the server was down).

    `server`: a connection kept open across several mails (the caller closes it);
    without one, this mail opens and closes its own."""
    notice = _claim(notice_id)
    if notice is None:
        return Sent("")
    mail = compose(notice)
    email = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [notice.email])
    for filename, content, mimetype in mail.attachments:
        email.attach(filename, content, mimetype)
    own = server is None
    server = server or MailServer()
    # Errors say why without the address (it is personal data).
    try:
        server.ready()
    except (OSError, smtplib.SMTPException) as e:  # nothing went out: try again later
        server.close()
        _mark(notice_id, Notice.State.FAILED, type(e).__name__)
        log.warning("notice %s: mail server unreachable: %s", notice_id, type(e).__name__)
        return Sent(Notice.State.FAILED, server_down=True)
    try:
        server.send(email)
    except smtplib.SMTPResponseException as e:  # the server answered no (this includes refused recipients)
        server.close()
        state = Notice.State.FAILED if 400 <= e.smtp_code < 500 else Notice.State.UNDELIVERABLE
        _mark(notice_id, state, f"{type(e).__name__} {e.smtp_code}")
        log.warning("notice %s: mail refused: %s %s", notice_id, type(e).__name__, e.smtp_code)
        return Sent(state)
    except smtplib.SMTPRecipientsRefused as e:
        server.close()
        _mark(notice_id, Notice.State.UNDELIVERABLE, type(e).__name__)
        return Sent(Notice.State.UNDELIVERABLE)
    except (OSError, smtplib.SMTPException) as e:
        # Broken while handing it over: it may have gone out. Left `sending`, for a clerk.
        server.close()
        _mark(notice_id, Notice.State.SENDING, type(e).__name__)
        log.warning("notice %s: connection lost while sending: %s", notice_id, type(e).__name__)
        return Sent(Notice.State.SENDING)
    finally:
        if own:
            server.close()
    # Marked sent and audited together: no `sent` without its audit entry.
    with transaction.atomic():
        Notice.objects.filter(id=notice_id).update(state=Notice.State.SENT, done_at=clock.now(), last_error="")
        record(Actor.system(), "send", "notice", notice_id, resident_id=notice.resident_ref, reason=f"{notice.kind} mail")
    return Sent(Notice.State.SENT)


def deliver(subject: str, body: str, to: str) -> str | None:
    """Send one plain-text mail from the city's address: None when the server took it,
    else the name of the failure (never the address, which is personal data).
    For a mail that is no notice and is not retried: the queue's "your turn is near"
    (queue/services/near.py). Notices go through `send_notice`, sent once and retried."""
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    except OSError as e:  # SMTP refused or unreachable
        return type(e).__name__
    return None


def send_pending_mail(up_to: date) -> tuple[int, int]:
    """Send every mail notice made on or before `up_to` that is pending, or
    failed with attempts left; returns (sent, not sent)."""
    sent = failed = 0
    ids = list(
        Notice.objects.filter(_sendable(), channel="mail", due_on__lte=up_to).order_by("id").values_list("id", flat=True)
    )
    with MailServer() as server:
        for notice_id in ids:
            state = send_one(notice_id, server).state
            if state == Notice.State.SENT:
                sent += 1
            elif state:
                failed += 1
    return sent, failed
