"""What a resident receives, to the byte: the mail sender writes a booking's
confirmation as Django's SMTP backend would (email.policy.SMTP), though it
writes it with a policy that remembers headers (services/mail_policy.py) and
hands it over on a connection kept for the round; the headers and parts are
pinned, and a connection the server drops between mails costs no mail."""

from __future__ import annotations

import email.policy
import re
import time
from datetime import date, datetime

import pytest
from django.conf import settings
from django.core.mail import EmailMessage

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings, waiting_list
from madoguchi.booking.services import slots as slot_services
from madoguchi.booking.services.visitor import Visitor
from madoguchi.core import clock
from madoguchi.notices.models import Notice
from madoguchi.notices.services import sender
from madoguchi.notices.services.mail import MailServer, compose, send_one, send_pending_mail

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=clock.TOKYO)
DAY = date(2026, 11, 24)
PROCEDURE = "pin-reset"
VISITORS = [  # each language, a long name, a name of the plain ASCII letters
    Visitor("小金井 花子", "コガネイ ハナコ", "hanako@example.jp", "", 1, "ja"),
    Visitor("Emily Parker", "エミリー パーカー", "emily@example.jp", "", 2, "en"),
    Visitor("武蔵野 太郎左衛門之助" * 3, "ムサシノ タロウ", "taro@example.jp", "", 1, "easy"),
]


@pytest.fixture(autouse=True)
def pinned_now():
    with clock.pinned(NOW):
        yield


@pytest.fixture
def open_day(db, settings):
    settings.MADOGUCHI_MAIL_SENDER_THREADS = 1  # the test's own connection: its rows are not committed
    slot_services.open_slots(PROCEDURE, DAY, DAY)
    Slot.objects.filter(procedure_id=PROCEDURE).update(capacity=1000)
    return Slot.objects.filter(procedure_id=PROCEDURE, date=DAY).order_by("start").first()


def stable(raw: bytes) -> bytes:
    """A mail with what differs between two writings of it (Date, Message-ID, the MIME boundary) replaced."""
    raw = re.sub(rb"^Date: .*\r\n", b"Date: (date)\r\n", raw, flags=re.M)
    raw = re.sub(rb"^Message-ID: .*\r\n", b"Message-ID: (id)\r\n", raw, flags=re.M)
    for boundary in set(re.findall(rb'boundary="([^"]+)"', raw)):
        raw = raw.replace(boundary, b"(boundary)")
    return raw


def as_django_writes_it(notice: Notice) -> bytes:
    """The same mail written by Django's EmailMessage with email.policy.SMTP, as its SMTP backend sends it."""
    mail = compose(notice)
    message = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [notice.email])
    for attachment in mail.attachments:
        message.attach(*attachment)
    return message.message(policy=email.policy.SMTP).as_bytes()


def test_the_received_mails_are_the_bytes_django_writes(open_day, smtp_inbox):
    made = [bookings.book(Actor.public(), open_day.pk, PROCEDURE, v).booking for v in VISITORS]
    bookings.cancel(Actor.public(), made[1])
    full = Slot.objects.filter(procedure_id=PROCEDURE, date=DAY).order_by("start").last()
    Slot.objects.filter(pk=full.pk).update(capacity=0)
    waiting_list.join(Actor.public(), Slot.objects.get(pk=full.pk), VISITORS[0])  # a mail without an ICS
    assert sender.send_due(retry_failed=False).sent == len(VISITORS) + 2
    by_recipient: dict[str, list[bytes]] = {}
    for raw in smtp_inbox.raw:
        by_recipient.setdefault(re.search(rb"^To: (.*)\r\n", raw, flags=re.M).group(1).decode(), []).append(stable(raw))
    for notice in Notice.objects.order_by("id"):  # composed again now: a booking's words come from it as it is
        assert stable(as_django_writes_it(notice)) in by_recipient[notice.email], notice.kind


def test_a_confirmations_headers_and_parts(open_day, smtp_inbox):
    booking = bookings.book(Actor.public(), open_day.pk, PROCEDURE, VISITORS[0]).booking
    assert sender.send_due(retry_failed=False).sent == 1
    [raw] = smtp_inbox.raw
    head, _, _ = raw.partition(b"\r\n\r\n")
    names = [line.split(b":")[0].decode() for line in head.split(b"\r\n") if not line.startswith(b" ")]
    assert names == ["MIME-Version", "Content-Type", "Subject", "From", "To", "Date", "Message-ID"]
    [message] = smtp_inbox.messages
    assert message.get_content_type() == "multipart/mixed"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL and message["To"] == "hanako@example.jp"
    assert message["Subject"] == f"【小金井市】窓口の予約を受け付けました（予約番号 {booking.reference}）"
    text, ics = message.iter_parts()
    assert (text.get_content_type(), text.get_content_charset(), text["Content-Transfer-Encoding"]) == ("text/plain", "utf-8", "base64")
    assert text.get_content().startswith("小金井 花子 様\r\n\r\n")  # base64 carries the SMTP line ends
    assert (ics.get_content_type(), ics.get_filename()) == ("text/calendar", f"booking-{booking.reference}.ics")
    assert ics.get_content().startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Madoguchi//booking//JA\r\nBEGIN:VTIMEZONE\r\n")


def test_a_round_sends_on_one_connection_and_each_mail_is_audited_with_its_sent_mark(open_day, smtp_inbox):
    for v in VISITORS:
        bookings.book(Actor.public(), open_day.pk, PROCEDURE, v)
    assert sender.send_due(retry_failed=False).sent == 3
    assert len(set(smtp_inbox.connections)) == 1
    sent = Notice.objects.filter(state=Notice.State.SENT)
    assert sent.count() == 3
    audited = AuditEntry.objects.filter(action="send", subject_type="notice").values_list("subject_id", flat=True)
    assert sorted(audited) == sorted(str(n.pk) for n in sent)


def test_a_connection_the_server_drops_between_mails_is_opened_again_and_no_mail_is_left(open_day, smtp_inbox):
    smtp_inbox.drop_after_each = True
    for v in VISITORS:
        bookings.book(Actor.public(), open_day.pk, PROCEDURE, v)
    ids = list(Notice.objects.order_by("id").values_list("id", flat=True))
    with MailServer() as server:
        for notice_id in ids:
            assert send_one(notice_id, server).state == Notice.State.SENT
            time.sleep(0.2)  # the server has closed it by now
    assert len(smtp_inbox.raw) == 3 and len(set(smtp_inbox.connections)) == 3
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.SENT}


def test_the_cron_run_sends_on_one_connection_too(open_day, smtp_inbox):
    for v in VISITORS:
        bookings.book(Actor.public(), open_day.pk, PROCEDURE, v)
    assert send_pending_mail(DAY) == (3, 0)
    assert len(set(smtp_inbox.connections)) == 1
    assert Booking.objects.count() == 3
