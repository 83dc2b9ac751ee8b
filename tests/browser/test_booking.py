"""Booking in a real headless Chromium: keyboard only, and no axe violations in any language."""

from __future__ import annotations

from datetime import date

import pytest

from madoguchi.core.date_text import time_text
from madoguchi.booking.models import Booking, PickupNotice, Slot
from madoguchi.booking.services import pickups
from madoguchi.booking.services import slots as slot_services
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = "2026-11-20T10:00:00+09:00"  # Friday; the 24th is the next open day
DAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def server_clock(monkeypatch):
    # The environment, not clock.pinned(): the live server answers on another thread.
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_resident_books_a_visit_with_the_keyboard_only(live_server, page):
    slot_services.open_slots("card-info-change", DAY, DAY)
    slot = Slot.objects.filter(date=DAY).order_by("start").first()
    page.goto(f"{live_server.url}/ja/book/card-info-change/")
    tab_to(page, f"a[href$='/{DAY.isoformat()}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{DAY.isoformat()}/")
    tab_to(page, f"a[href$='/slot/{slot.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/slot/{slot.pk}/")
    # Submitting empty shows the problem and moves nothing.
    tab_to(page, "#main form[method=post] button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert not Booking.objects.exists()
    assert axe_violations(page) == []
    tab_to(page, "#f-name")
    page.keyboard.type("小金井 太郎")
    page.keyboard.press("Tab")
    page.keyboard.type("コガネイ タロウ")
    tab_to(page, "#f-email")
    page.keyboard.type("taro@example.jp")
    tab_to(page, "#main form[method=post] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/book/manage/**")
    booking = Booking.objects.get()
    assert page.locator("#reference").inner_text() == booking.reference
    assert page.locator(".qr svg").count() == 1
    assert axe_violations(page) == []


def test_a_resident_books_a_card_pickup(live_server, page):
    slot_services.open_slots("card-pickup", DAY, DAY)
    notice = pickups.register_arrival(notice_number="B-777", birth_date=date(1988, 3, 3), holder_name="小金井 花子",
                                      office_id=None, pickup_deadline=date(2026, 12, 20), card_ref=None)
    page.goto(f"{live_server.url}/ja/book/card-pickup/")
    page.get_by_label("交付通知書の番号").fill("B-777")
    page.get_by_label("生年月日").fill("1988-03-04")  # a day wrong
    page.get_by_role("button", name="確認する").click()
    assert "組み合わせが確認できませんでした" in page.locator(".error-summary").inner_text()
    page.get_by_label("生年月日").fill("1988-03-03")
    page.get_by_role("button", name="確認する").click()
    page.get_by_text("小金井 花子さんのカードの受け取りを予約します").wait_for()
    page.locator(f"a[href*='/{DAY.isoformat()}/']").click()
    page.locator("ul.slots a").first.click()
    page.get_by_label("氏名（漢字）").fill("小金井 花子")
    page.get_by_label("フリガナ").fill("コガネイ ハナコ")
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_role("button", name="この内容で予約する").click()
    page.wait_for_url("**/book/manage/**")
    booking = Booking.objects.get()
    assert booking.pickup == notice and page.locator("#reference").inner_text() == booking.reference
    assert PickupNotice.objects.get().status == "booked"


@pytest.mark.parametrize("lang", ["ja", "en", "easy", "zh"])
def test_the_booking_pages_have_no_axe_violations(live_server, page, lang):
    slot_services.open_slots("card-info-change", DAY, DAY)
    slot = Slot.objects.filter(date=DAY).order_by("start").first()
    Slot.objects.filter(pk=slot.pk + 1).update(booked=4)  # one full slot, offering the waiting list
    for path in (f"/{lang}/book/card-info-change/", f"/{lang}/book/card-info-change/{DAY.isoformat()}/",
                 f"/{lang}/book/card-info-change/slot/{slot.pk}/", f"/{lang}/book/card-info-change/slot/{slot.pk + 1}/wait/",
                 f"/{lang}/book/card-pickup/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_a_time_taken_meanwhile_offers_the_next_ones_and_one_press_books_it(live_server, page):
    slot_services.open_slots("card-info-change", DAY, DAY)
    first, second = Slot.objects.filter(date=DAY).order_by("start")[:2]
    page.goto(f"{live_server.url}/ja/book/card-info-change/slot/{first.pk}/")
    page.get_by_label("氏名（漢字）").fill("小金井 太郎")
    page.get_by_label("フリガナ").fill("コガネイ タロウ")
    page.get_by_label("メールアドレス").fill("taro@example.jp")
    Slot.objects.filter(pk=first.pk).update(booked=first.capacity)  # someone else was quicker
    page.locator("#main form[method=post] button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == []
    page.locator(".alternatives button").first.click()  # the details typed are sent again with it
    page.wait_for_url("**/book/manage/**")
    booking = Booking.objects.get()
    assert booking.slot_id == second.pk and booking.name == "小金井 太郎"


def _shot(page, name: str) -> None:
    """With MADOGUCHI_SCREENSHOTS=<folder>, keep a full-page PNG of each step to look at."""
    import os

    folder = os.environ.get("MADOGUCHI_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _mail_text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8")


def _keep_mail(page, message) -> None:
    """For the README: the mail as it arrived (the server's own copy), shown as a mail program would."""
    from email.header import decode_header, make_header
    from html import escape

    from .screenshots import keep

    subject = str(make_header(decode_header(message["Subject"])))
    files = [p.get_filename() for p in message.walk() if p.get_filename()]
    mail = page.context.new_page()
    mail.set_viewport_size({"width": 1280, "height": 900})
    mail.set_content(
        '<html lang="ja"><body style="font-family: sans-serif; margin: 2rem; max-width: 46rem">'
        f"<p><b>From:</b> {escape(message['From'])}<br><b>To:</b> {escape(message['To'])}<br>"
        f"<b>Subject:</b> {escape(subject)}<br><b>添付:</b> {escape(', '.join(files))}</p><hr>"
        f'<pre style="white-space: pre-wrap; font-family: inherit; line-height: 1.6">{escape(_mail_text(message))}</pre></body></html>'
    )
    keep(mail, "booking-mail", readme="booking-mail")
    mail.close()


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "375px"])
def test_book_then_the_mails_link_changes_and_cancels_each_asked_once(live_server, page, settings, smtp_inbox, width):
    from madoguchi.notices.services.mail import wait_for_queued_mail

    settings.MADOGUCHI_MAIL_AT_ONCE = True  # as in production: sent just after the booking commits
    settings.MADOGUCHI_PUBLIC_URL = live_server.url
    page.set_viewport_size({"width": width, "height": 800})
    slot_services.open_slots("card-info-change", DAY, DAY)
    first, second = Slot.objects.filter(date=DAY).order_by("start")[:2]
    page.goto(f"{live_server.url}/ja/book/card-info-change/slot/{first.pk}/")
    page.get_by_label("氏名（漢字）").fill("小金井 太郎")
    page.get_by_label("フリガナ").fill("コガネイ タロウ")
    page.get_by_label("メールアドレス").fill("taro@example.jp")
    page.get_by_role("button", name="この内容で予約する").click()
    page.wait_for_url("**/book/manage/**")
    _shot(page, f"manage-new-{width}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="このページを印刷する").wait_for()  # shown by its script
    wait_for_queued_mail()
    [booked] = smtp_inbox.messages
    body = _mail_text(booked)
    if width == 1280:
        _keep_mail(page, booked)
    reference = Booking.objects.get().reference
    assert reference in body and time_text(first.start, "ja", readings=False) in body
    link = next(line for line in body.splitlines() if "/book/manage/" in line).strip()

    page.goto(link)  # a new visit, from the mail
    page.get_by_role("link", name="日時を変更する").click()
    page.locator(f"a[href='?day={DAY.isoformat()}']").click()
    page.locator(f"a[href='?slot={second.pk}']").click()
    page.get_by_role("heading", name="予約の日時を変更しますか？").wait_for()
    _shot(page, f"confirm-change-{width}")
    assert axe_violations(page) == []
    assert Booking.objects.get().slot_id == first.pk
    page.get_by_role("button", name="この日時に変更する").click()
    page.get_by_text("予約を変更しました").wait_for()
    _shot(page, f"changed-{width}")
    assert axe_violations(page) == []
    assert Booking.objects.get().slot_id == second.pk

    page.get_by_role("link", name="予約を取り消す").click()
    page.get_by_role("heading", name="予約を取り消しますか？").wait_for()
    _shot(page, f"confirm-cancel-{width}")
    assert axe_violations(page) == []
    assert Booking.objects.get().status == "confirmed"
    page.get_by_role("button", name="予約を取り消す").click()
    page.get_by_text("予約を取り消しました").wait_for()
    _shot(page, f"cancelled-{width}")
    assert axe_violations(page) == []
    assert Booking.objects.get().status == "cancelled"
    wait_for_queued_mail()
    subjects = [m["Subject"] for m in smtp_inbox.messages]
    assert len(subjects) == 3 and "変更" in subjects[1] and "取り消し" in subjects[2]


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "375px"])
def test_the_resend_link_form_has_no_axe_violations(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/ja/book/link/")
    page.get_by_role("button", name="リンクを送る").click()
    page.locator(".error-summary").wait_for()
    _shot(page, f"resend-error-{width}")
    assert axe_violations(page) == []
    page.get_by_label("予約番号").fill("abcd2345")
    page.get_by_label("予約のときのメールアドレスか電話番号").fill("taro@example.jp")
    page.get_by_role("button", name="リンクを送る").click()
    page.locator("#sent").wait_for()
    _shot(page, f"resend-sent-{width}")
    assert axe_violations(page) == []
