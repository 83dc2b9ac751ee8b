"""A resident who gave a mail address on their ticket is told once, by mail in the
ticket's language, when `mail_when_ahead` (3) are ahead: through the notices' mail
path, to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, day_end, tickets
from madoguchi.queue.services.errors import QueueError
from madoguchi.queue.services.windows import set_window


from .conftest import CLERK, OFFICE, RENEW

pytestmark = pytest.mark.django_db


def subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def _line(n: int) -> list[Ticket]:
    return [tickets.issue(CLERK, OFFICE, RENEW) for _ in range(n)]


def test_told_once_when_three_are_ahead_in_the_tickets_language(smtp_inbox, django_capture_on_commit_callbacks):
    def committed(action):  # each service's transaction commits: its after-commit work runs
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    set_window(CLERK, OFFICE, 2, open=False)  # one window calls renewals: the line moves one by one
    _line(5)
    mine = committed(lambda: tickets.issue(CLERK, OFFICE, RENEW, email="hanako@example.jp", lang="en"))  # 5 ahead
    assert not smtp_inbox.messages
    committed(lambda: calls.call_next(CLERK, OFFICE, 1))  # 4 ahead: not yet
    assert not smtp_inbox.messages
    committed(lambda: calls.call_next(CLERK, OFFICE, 1))  # 3 ahead: told
    assert len(smtp_inbox.messages) == 1
    committed(lambda: calls.call_next(CLERK, OFFICE, 1))  # 2 ahead: not told again
    committed(lambda: calls.call_next(CLERK, OFFICE, 1))
    assert len(smtp_inbox.messages) == 1
    mail = smtp_inbox.messages[0]
    assert mail["To"] == "hanako@example.jp" and subject(mail) == "Koganei City: your turn (A-006) is near"
    body = mail.get_payload(decode=True).decode()
    assert "3 people ahead of ticket A-006" in body and f"/en/queue/t/{mine.token}/" in body
    assert Ticket.objects.get(pk=mine.pk).near_told_at is not None
    entry = AuditEntry.objects.get(action="mail-near", subject_id=str(mine.pk))
    assert entry.detail["ahead"] == 3 and "hanako" not in str(entry.detail)


def test_a_ticket_near_already_at_issue_is_not_mailed(smtp_inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _line(1)
        tickets.issue(CLERK, OFFICE, RENEW, email="hanako@example.jp")
        calls.call_next(CLERK, OFFICE, 1)
    assert not smtp_inbox.messages


def test_an_address_given_on_the_phone_page_while_near_is_told_at_once(smtp_inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _line(2)
        mine = tickets.issue(CLERK, OFFICE, RENEW)
        tickets.set_email(CLERK, mine, "taro@example.jp", "ja")
    assert len(smtp_inbox.messages) == 1
    assert "まもなく番号 A-003" in subject(smtp_inbox.messages[0])  # Japanese: the language the ticket was given in
    assert AuditEntry.objects.filter(action="set-email", subject_id=str(mine.pk)).exists()


@pytest.mark.parametrize("bad", ["not an address", "a@b", "1234 5678 9018@example.jp", "a\u202e@example.jp"])
def test_a_bad_address_is_refused_with_a_message_and_nothing_is_issued(bad):
    with pytest.raises(QueueError) as e:
        tickets.issue(CLERK, OFFICE, RENEW, email=bad)
    assert e.value.field == "email" and e.value.message("ja") and bad not in e.value.message("en")
    assert not Ticket.objects.exists()


def test_the_days_end_erases_the_addresses():
    mine = tickets.issue(CLERK, OFFICE, RENEW, email="hanako@example.jp")
    day_end.close_day(CLERK)
    assert Ticket.objects.get(pk=mine.pk).email == ""
    entry = AuditEntry.objects.get(action="close-day")
    assert entry.detail["emails_erased"] == [mine.pk]
