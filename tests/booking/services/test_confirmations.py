"""The resident's mail about their booking, over a real SMTP server (aiosmtpd):
made, changed and cancelled, in the language they used, with the reference,
the time, the place, the manage link and the ICS; exactly once, and never at
the cost of the booking when the mail server is down."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from icalendar import Calendar

from madoguchi.core.date_text import span_text
from madoguchi.audit.services import Actor
from madoguchi.booking.models import Booking, Slot
from madoguchi.booking.services import bookings, waiting_list
from madoguchi.booking.services.visitor import Visitor
from madoguchi.core import clock
from madoguchi.notices.models import Notice
from madoguchi.notices.services.mail import send_pending_mail

from ..conftest import OPEN_DAY, PROCEDURE

pytestmark = pytest.mark.django_db
TODAY = OPEN_DAY.replace(day=20)
NOWHERE = {  # nothing listens on port 9 (discard): the mail server is down
    "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}
}
HANAKO = Visitor("小金井 花子", "コガネイ ハナコ", "hanako@example.jp", "", 1, "ja")
EMILY = Visitor("Emily Parker", "エミリー パーカー", "emily@example.jp", "", 1, "en")


def text_of(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8")


def event_of(message):
    """The attached ICS, parsed with the icalendar library: its one VEVENT."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    return next(iter(calendar.walk("VEVENT")))


def link_in(body: str) -> str:
    return next(line for line in body.splitlines() if "/book/manage/" in line).strip()


def test_a_booking_is_confirmed_by_mail_in_japanese_with_its_ics_and_a_working_link(slot, smtp_inbox):
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    assert send_pending_mail(TODAY) == (1, 0)
    [message] = smtp_inbox.messages
    booking = confirmation.booking
    assert message["To"] == "hanako@example.jp" and booking.reference in message["Subject"]
    assert "予約を受け付けました" in message["Subject"]
    body = text_of(message)
    print(body)
    assert body.startswith("小金井 花子 様")
    assert f"予約番号: {booking.reference}" in body
    assert f"2026年11月24日（火） {span_text(slot.start, slot.end, 'ja', readings=False)}" in body
    assert "場所: 小金井市役所第二庁舎一階 市民課窓口" in body and "持ち物:" in body and "本人確認書類" in body
    # The link is absolute, and is the same secret link the browser was sent to.
    assert link_in(body) == f"http://127.0.0.1:8000/ja/book/manage/{confirmation.token}/"
    assert Client().get(link_in(body).removeprefix("http://127.0.0.1:8000")).status_code == 200
    event = event_of(message)
    assert str(event["uid"]) == f"{booking.reference}@madoguchi"
    assert event.decoded("dtstart") == datetime.combine(OPEN_DAY, slot.start, tzinfo=clock.TOKYO)
    assert str(event["status"]) == "CONFIRMED"


def test_a_booking_made_in_english_is_confirmed_in_english(slot, smtp_inbox):
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, EMILY)
    send_pending_mail(TODAY)
    [message] = smtp_inbox.messages
    body = text_of(message)
    print(body)
    assert message["Subject"].startswith("Koganei City: your visit is booked")
    assert body.startswith("Dear Emily Parker,") and "予約" not in body
    assert f"Booking reference: {confirmation.booking.reference}" in body and "24 November 2026" in body
    assert link_in(body).endswith(f"/en/book/manage/{confirmation.token}/")
    assert "Koganei City" in str(event_of(message)["summary"])


def test_easy_japanese_mail_gives_readings_in_brackets(slot, smtp_inbox):
    bookings.book(Actor.public(), slot.pk, PROCEDURE, Visitor("小金井 花子", "コガネイ ハナコ", "hanako@example.jp", "", 1, "easy"))
    send_pending_mail(TODAY)
    body = text_of(smtp_inbox.messages[0])
    print(body)
    assert "予約（よやく）が できました" in body and "《" not in body


def test_a_change_and_a_cancel_are_each_told_once(slot, smtp_inbox):
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    other = Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).exclude(pk=slot.pk).order_by("start").last()
    booking = bookings.move(Actor.public(), confirmation.booking, other.pk)
    bookings.cancel(Actor.public(), booking)
    assert send_pending_mail(TODAY) == (3, 0)
    assert send_pending_mail(TODAY) == (0, 0)
    made, changed, cancelled = smtp_inbox.messages
    assert "予約の日時を変更しました" in changed["Subject"]
    changed_body = text_of(changed)
    print(changed_body)
    assert span_text(other.start, other.end, "ja", readings=False) in changed_body
    assert event_of(changed).decoded("dtstart") == datetime.combine(OPEN_DAY, other.start, tzinfo=clock.TOKYO)
    assert "予約を取り消しました" in cancelled["Subject"]
    cancelled_body = text_of(cancelled)
    print(cancelled_body)
    assert "/book/manage/" not in cancelled_body and f"/ja/book/{PROCEDURE}/" in cancelled_body  # book again
    assert str(event_of(cancelled)["status"]) == "CANCELLED" and "予定を取り消すファイル" in cancelled_body


def test_a_phone_only_booking_gets_no_mail(slot, smtp_inbox):
    bookings.book(Actor.public(), slot.pk, PROCEDURE, Visitor("小金井 次郎", "コガネイ ジロウ", "", "042-387-9830"))
    assert not Notice.objects.exists() and send_pending_mail(TODAY) == (0, 0)


def test_the_mail_server_down_keeps_the_booking_and_the_next_run_sends_it_once(slot, settings, smtp_inbox):
    working = settings.MAILERS
    settings.MAILERS = NOWHERE
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    assert send_pending_mail(TODAY) == (0, 1)
    assert Booking.objects.get().status == "confirmed"  # the booking is kept
    notice = Notice.objects.get()
    assert notice.state == Notice.State.FAILED and notice.last_error and "@" not in notice.last_error
    settings.MAILERS = working  # the server is back
    assert send_pending_mail(TODAY) == (1, 0)
    assert send_pending_mail(TODAY) == (0, 0)
    [message] = smtp_inbox.messages
    assert confirmation.booking.reference in message["Subject"]
    assert Notice.objects.get().state == Notice.State.SENT and Notice.objects.get().attempts == 2


def test_a_mail_is_given_up_after_its_attempts(slot, settings):
    settings.MAILERS = NOWHERE
    settings.MADOGUCHI_MAIL_ATTEMPTS = 2
    bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    assert send_pending_mail(TODAY) == (0, 1)
    assert send_pending_mail(TODAY) == (0, 1)
    assert send_pending_mail(TODAY) == (0, 0)  # left failed, on the staff list
    assert Notice.objects.get().attempts == 2


def test_joining_and_leaving_the_waiting_list_are_told(slot, smtp_inbox):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    joined = waiting_list.join(Actor.public(), Slot.objects.get(pk=slot.pk), HANAKO)
    assert send_pending_mail(TODAY) == (1, 0)
    waiting_list.leave(Actor.public(), joined.entry)
    assert send_pending_mail(TODAY) == (1, 0)
    join_mail, leave_mail = smtp_inbox.messages
    assert "キャンセル待ちに登録しました" in join_mail["Subject"]
    assert link_in(text_of(join_mail)).endswith(f"/book/manage/{joined.token}/")
    # A waiting-list place is no booking yet: its link shows the place and leaves the list.
    assert "キャンセル待ちの順番の確認と取消はこちら" in text_of(join_mail)
    assert "予約の確認・変更・取消" not in text_of(join_mail)
    assert "キャンセル待ちを取り消しました" in leave_mail["Subject"]


def test_a_link_whose_seed_no_longer_matches_is_made_anew(slot, smtp_inbox, settings):
    """A row from before link seeds (or after a SECRET_KEY change) gets a new link in its mail; the old one stops."""
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    Booking.objects.update(link_seed="")
    send_pending_mail(TODAY)
    link = link_in(text_of(smtp_inbox.messages[0]))
    assert confirmation.token not in link
    client = Client()
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert client.get(f"/ja/book/manage/{confirmation.token}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_out_just_after_the_booking_commits(slot, settings, smtp_inbox):
    from madoguchi.notices.services.mail import wait_for_queued_mail

    settings.MADOGUCHI_MAIL_AT_ONCE = True
    confirmation = bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    wait_for_queued_mail()
    [message] = smtp_inbox.messages
    assert confirmation.booking.reference in message["Subject"]
    assert Notice.objects.get().state == Notice.State.SENT


def test_the_send_mail_command_sends_what_the_server_missed(slot, smtp_inbox, capsys):
    from madoguchi.cli.main import main

    bookings.book(Actor.public(), slot.pk, PROCEDURE, HANAKO)
    with clock.pinned(datetime(2026, 11, 20, 10, 5, tzinfo=clock.TOKYO)):
        assert main(["notices", "send-mail"]) == 0
    assert "1 sent, 0 failed" in capsys.readouterr().out and len(smtp_inbox.messages) == 1
