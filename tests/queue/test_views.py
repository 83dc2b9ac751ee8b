"""The queue's pages: reception issues, the clerk calls, the display and phone pages show it."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.queue.models import Ticket
from madoguchi.queue.services import calls, tickets

from ..staff.conftest import clerk_client, make_staff  # noqa: F401 (fixtures)
from .conftest import CLERK, OFFICE, PICKUP, RENEW

pytestmark = pytest.mark.django_db


def test_staff_pages_need_a_login():
    for url in ("/staff/queue/", "/staff/queue/windows/1/", "/staff/queue/reception/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
    assert Client().post("/staff/queue/reception/issue/", {"procedure": RENEW}).status_code == 302
    assert not Ticket.objects.exists()


def test_reception_issues_a_ticket_with_its_qr(clerk_client):
    response = clerk_client.post("/staff/queue/reception/issue/", {"procedure": PICKUP}, follow=True)
    page = response.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.label == "B-001" and "B-001" in page and "<svg" in page
    assert f"/ja/queue/t/{ticket.token}/" in page
    assert "整理券 B-001 を発行しました" in page and "Ticket B-001 issued" not in page  # Japanese only by default


def test_reception_refuses_an_unknown_procedure_and_says_so(clerk_client):
    response = clerk_client.post("/staff/queue/reception/issue/", {"procedure": "no-such"}, follow=True)
    assert "その手続は順番待ちの対象ではありません" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_clerk_calls_next_and_finishes(clerk_client):
    tickets.issue(CLERK, OFFICE, RENEW)
    page = clerk_client.get("/staff/queue/windows/1/").content.decode()
    assert "呼び出し（窓口 1）" in page and "待っている方：1人" in page
    response = clerk_client.post("/staff/queue/windows/1/call-next/", follow=True)
    page = response.content.decode()
    assert "A-001 を窓口 1 に呼び出しました" in page and 'class="current-number"' in page
    clerk_client.post("/staff/queue/windows/1/done/", {"ticket": "A-001"})
    assert Ticket.objects.get().state == "done"
    response = clerk_client.post("/staff/queue/windows/1/call-next/", follow=True)
    assert "呼び出せる番号はいま待っていません" in response.content.decode()


def test_display_and_phone_page_show_the_call_without_names():
    ticket = tickets.issue(CLERK, OFFICE, RENEW)
    other = tickets.issue(CLERK, OFFICE, RENEW)
    calls.call_next(CLERK, OFFICE, 2)
    display = Client().get(f"/queue/display/{OFFICE}/").content.decode()
    assert 'class="number">A-001</td><td class="window">2</td>' in display
    assert "<li>A-002</li>" in display and "次にお呼びする番号" in display and "Next" in display
    phone = Client().get(f"/en/queue/t/{other.token}/").content.decode()
    assert "A-002" in phone and "People ahead of you" in phone
    called = Client().get(f"/ja/queue/t/{ticket.token}/").content.decode()
    assert "窓口 2 へお越しください" in called
    assert "<script>" not in display + phone and "style=" not in display + phone  # CSP: files only


def test_public_waits_page_in_easy_japanese():
    tickets.issue(CLERK, OFFICE, PICKUP)
    page = Client().get("/easy/queue/").content.decode()
    assert "まどぐちの まちじかん" in page or "まちじかん" in page
    assert 'data-group="B"' in page


def test_unknown_ticket_and_office_are_404():
    assert Client().get("/ja/queue/t/nope/").status_code == 404
    assert Client().get("/queue/display/nowhere/").status_code == 404


def test_the_stream_sends_the_state_first():
    tickets.issue(CLERK, OFFICE, RENEW)
    response = Client().get(f"/live/queue/{OFFICE}/display")
    assert response["Content-Type"].startswith("text/event-stream")
    first = next(iter(response.streaming_content)).decode()
    assert first.startswith("retry: 1000\n") and "event: state" in first and '"next": ["A-001"]' in first
    response.close()


def test_checking_in_on_the_bookings_day_page_shows_the_ticket(clerk_client):
    from .conftest import book

    booking = book("10:00").booking
    response = clerk_client.post(f"/staff/bookings/{booking.pk}/check-in/", follow=True)
    ticket = Ticket.objects.get(booking=booking)
    page = response.content.decode()
    assert ticket.label == "A-001" and "整理券 A-001" in page and f"issued={ticket.token}" in page


def test_a_live_server_on_its_own_port_is_the_one_other_origin_the_page_may_connect_to(settings):
    """`madoguchi serve` streams from --port + 1: another origin to the browser."""
    settings.QUEUE_LIVE_PORT = "8001"
    policy = Client().get(f"/queue/display/{OFFICE}/", HTTP_HOST="testserver:8000").headers["Content-Security-Policy"]
    connect = next(d for d in policy.split(";") if d.strip().startswith("connect-src"))
    assert connect.split()[1:] == ["'self'", "http://testserver:8001"]
    assert "script-src 'self'" in policy  # nothing else widened
    settings.QUEUE_LIVE_PORT = ""
    policy = Client().get(f"/queue/display/{OFFICE}/").headers["Content-Security-Policy"]
    assert "connect-src 'self';" in policy + ";"


def test_the_phone_page_says_the_resident_is_waiting_in_words():
    ticket = tickets.issue(CLERK, OFFICE, RENEW)
    assert "You are in the line. Please wait for your number." in Client().get(f"/en/queue/t/{ticket.token}/").content.decode()
    easy = Client().get(f"/easy/queue/t/{ticket.token}/").content.decode()
    assert "<ruby>順番<rt>じゅんばん</rt></ruby>" in easy


def test_a_mail_address_given_on_the_phone_page_is_kept_and_audited():
    from madoguchi.audit.models import AuditEntry

    ticket = tickets.issue(CLERK, OFFICE, RENEW)
    response = Client().post(f"/en/queue/t/{ticket.token}/mail", {"email": "hanako@example.jp"}, follow=True)
    assert "Your mail address is saved" in response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.email, ticket.lang) == ("hanako@example.jp", "en")
    assert AuditEntry.objects.filter(action="set-email", subject_id=str(ticket.pk)).exists()
    assert "hanako" not in response.content.decode()  # never shown back


def test_a_bad_mail_address_on_the_phone_page_is_refused_and_changes_nothing():
    ticket = tickets.issue(CLERK, OFFICE, RENEW)
    response = Client().post(f"/ja/queue/t/{ticket.token}/mail", {"email": "hanako@"})
    assert response.status_code == 422 and "メールアドレスの形式が正しくありません" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.email == ""


def test_reception_takes_an_optional_mail_address_and_the_tickets_language(clerk_client):
    clerk_client.post("/staff/queue/reception/issue/", {"procedure": PICKUP, "email": "taro@example.jp", "lang": "easy"})
    ticket = Ticket.objects.get()
    assert (ticket.email, ticket.lang) == ("taro@example.jp", "easy")


def test_the_display_reads_in_japanese_english_and_easy_japanese_throughout():
    page = Client().get(f"/queue/display/{OFFICE}/").content.decode()
    for easy in ("<ruby>番号<rt>ばんごう</rt></ruby>", "<ruby>窓口<rt>まどぐち</rt></ruby>", "<ruby>呼<rt>よ</rt></ruby>んで"):
        assert easy in page
    assert page.count(">Number<") == 1 and page.count(">Window<") == 1 and page.count(">None<") == 2
