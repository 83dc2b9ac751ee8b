"""Letters (PDF, A4, Japanese, QR to a booking link), the contractor's CSV, and mail over real SMTP."""

from __future__ import annotations

import csv
import io
import threading
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from pypdf import PdfReader

from madoguchi.audit.services import Actor
from madoguchi.notices.models import Notice
from madoguchi.notices.services.batch import run_batch
from madoguchi.notices.services.content import read_booking_token
from madoguchi.notices.services.letters import contractor_csv, mark_printed, render_letters_pdf
from madoguchi.notices.services.mail import send_pending_mail


@pytest.mark.django_db
def test_letter_pdf_is_a4_japanese_with_what_to_do_and_bring(make_card):
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="小金 一郎")
    run_batch(date(2027, 4, 8))
    letters = list(Notice.objects.filter(channel="letter"))
    pdf = PdfReader(io.BytesIO(render_letters_pdf(letters)))
    assert len(pdf.pages) == 1
    width, height = (float(x) for x in pdf.pages[0].mediabox[2:])
    assert round(width) == 595 and round(height) == 842  # A4 in points
    text = pdf.pages[0].extract_text()
    for expected in ("小金 一郎", "電子証明書の更新のご案内", "2027年7月7日", "小金井市", "市民課", "042-387-9830", "該当者のマイナンバーカード"):
        assert expected in text


@pytest.mark.django_db
def test_the_renewal_letter_says_until_when_the_card_works_as_the_health_insurance_card(make_card):
    """マイナ保険証 (FACTS.md §9): expiry 7 July 2027 → usable as 保険証 to the end of October."""
    from madoguchi.notices.services.content import content_of

    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="小金 一郎")
    run_batch(date(2027, 4, 8))
    body = content_of(Notice.objects.get(channel="letter")).body
    assert any("2027年10月31日（日）まではマイナ保険証として" in line for line in body), body


@pytest.mark.django_db
def test_a_resident_who_asked_for_english_gets_the_letter_in_english_and_japanese_in_one_print(make_card):
    from madoguchi.counter.services.residents import set_notice_language

    english = make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="Parker Emily")
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="小金 一郎")
    set_notice_language(Actor("tanaka", "clerk"), english.resident_id, "en")
    run_batch(date(2027, 4, 8))
    letters = list(Notice.objects.filter(channel="letter").order_by("name"))
    pdf = PdfReader(io.BytesIO(render_letters_pdf(letters)))
    by_name = {("Parker" in page.extract_text()): page.extract_text() for page in pdf.pages}
    assert len(pdf.pages) == 2
    for expected in ("Dear Parker Emily,", "7 July 2027", "What to bring", "Koganei", "Book here", "Questions:"):
        assert expected in by_name[True], expected
    assert "様" not in by_name[True] and "持ち物" in by_name[False] and "2027年7月7日" in by_name[False]
    from madoguchi.notices.services.content import content_of

    assert "/en/book/" in content_of(Notice.objects.get(channel="letter", name="Parker Emily")).booking_url  # the QR opens English pages


@pytest.mark.django_db
def test_the_booking_link_is_prefilled_and_signed(make_card):
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7))
    run_batch(date(2027, 4, 8))
    notice = Notice.objects.get(channel="letter")
    row = next(csv.DictReader(io.StringIO(contractor_csv([notice]))))
    url = urlparse(row["booking_url"])
    assert url.path == "/ja/book/certificate-renewal/"
    token = parse_qs(url.query)["notice"][0]
    assert read_booking_token(token) == {"n": notice.id, "p": "certificate-renewal"}
    assert read_booking_token(token[:-2] + "xx") is None  # forged
    assert row["postal_address"].startswith("東京都小金井市")


@pytest.mark.django_db
def test_printing_marks_letters_once(make_card):
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7))
    run_batch(date(2027, 4, 8))
    letters = list(Notice.objects.filter(channel="letter"))
    assert mark_printed(letters, Actor("tanaka", "clerk")) == 1
    assert mark_printed(letters, Actor("tanaka", "clerk")) == 0  # a reprint changes nothing
    assert Notice.objects.get().state == Notice.State.PRINTED


@pytest.mark.django_db
def test_booking_reminder_mail_goes_out_once_over_smtp(make_booking, smtp_inbox):
    make_booking(day=date(2026, 12, 10), email="hanako@example.jp")
    make_booking(day=date(2026, 12, 10), email="")  # no address: no mail
    run_batch(date(2026, 12, 9))
    assert send_pending_mail(date(2026, 12, 9)) == (1, 0)
    assert send_pending_mail(date(2026, 12, 9)) == (0, 0)
    assert len(smtp_inbox.messages) == 1
    msg = smtp_inbox.messages[0]
    assert msg["To"] == "hanako@example.jp"
    body = msg.get_payload(decode=True).decode("utf-8")
    assert "明日、市民課窓口のご予約があります" in body and "2026年12月10日" in body


@pytest.mark.django_db
def test_an_easy_japanese_mail_gives_each_reading_in_brackets(make_booking):
    """A mail cannot hold <ruby>: 予約（よやく）, never the catalog's 予約《よやく》 marks; the subject plain."""
    from madoguchi.notices.services.mail import mail_text

    booking = make_booking(day=date(2026, 12, 10))
    booking.language = "easy"
    booking.save()
    run_batch(date(2026, 12, 9))
    subject, body = mail_text(Notice.objects.get())
    assert "《" not in subject + body and "（" not in subject
    assert "明日（あした） 窓口（まどぐち）の 予約（よやく） が あります。" in body


@pytest.mark.django_db(transaction=True)
def test_two_senders_never_send_the_same_notice(make_booking, smtp_inbox):
    for _ in range(6):
        make_booking(day=date(2026, 12, 10))
    run_batch(date(2026, 12, 9))
    results: list[tuple[int, int]] = []

    def send():
        results.append(send_pending_mail(date(2026, 12, 9)))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent for sent, _ in results) == 6
    assert len(smtp_inbox.messages) == 6
    assert Notice.objects.filter(state=Notice.State.SENT).count() == 6


@pytest.mark.django_db
def test_an_unreachable_smtp_server_marks_the_notice_failed(make_booking, settings):
    settings.MAILERS = {  # nothing listens on port 9 (discard)
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}
    }
    make_booking(day=date(2026, 12, 10))
    run_batch(date(2026, 12, 9))
    assert send_pending_mail(date(2026, 12, 9)) == (0, 1)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.FAILED and "@" not in notice.last_error


@pytest.mark.django_db
def test_a_pickup_letter_gives_the_notice_number_to_book_with(make_card, make_pickup):
    card = make_card(expires=date(2036, 12, 1))
    make_pickup(notice_number="KG-2026-000123", arrived=date(2026, 12, 1), deadline=date(2027, 3, 1), card=card)
    run_batch(date(2026, 12, 1))
    letter = Notice.objects.get(kind="pickup-waiting", channel="letter")
    text = PdfReader(io.BytesIO(render_letters_pdf([letter]))).pages[0].extract_text()
    assert "KG-2026-000123" in text and "2027年3月1日" in text and "マイナンバーカードが届きました" in text


@pytest.mark.django_db
def test_the_pickup_letters_link_fills_in_the_notice_number(client, make_card, make_pickup):
    card = make_card(expires=date(2036, 12, 1))
    make_pickup(notice_number="KG-2026-000777", arrived=date(2026, 12, 1), deadline=date(2027, 3, 1), card=card)
    run_batch(date(2026, 12, 1))
    letter = Notice.objects.get(kind="pickup-waiting", channel="letter")
    url = urlparse(contractor_csv([letter]).splitlines()[1].split(",")[-1])
    assert url.path == "/ja/book/card-pickup/"
    html = client.get(f"{url.path}?{url.query}").content.decode()
    assert 'value="KG-2026-000777"' in html
    assert "1980-04-01" not in html  # the birth date is never filled in
    html = client.get(f"{url.path}?notice=forged").content.decode()
    assert "KG-2026-000777" not in html


@pytest.mark.django_db
def test_a_run_for_a_past_day_uses_the_law_of_that_day(make_card):
    """`notices run --date D`: the finders get the rules of D, and the letter says what held on D
    (before 2025-12-01 no マイナ保険証 grace is in the data)."""
    from madoguchi.notices.finders import FINDERS
    from madoguchi.notices.services.content import content_of

    seen = []

    def spy(kind_id):
        def find(day, kind, m):
            seen.append((day, m.law_on))
            return FINDERS[kind_id](day, kind, m)

        return find

    make_card(expires=date(2030, 1, 10), cert_expires=date(2025, 11, 7), name="小金 一郎")
    run_batch(date(2025, 8, 8), finders={k: spy(k) for k in FINDERS})
    assert seen and all(day == law_on == date(2025, 8, 8) for day, law_on in seen)
    body = content_of(Notice.objects.get(channel="letter")).body
    assert not any("マイナ保険証" in line for line in body), body
