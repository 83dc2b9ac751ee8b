"""A clerk's day in a real browser: log in with TOTP, find a resident, record a
loss, try to lift the suspension by phone (refused), lift it at the counter,
apply for a re-issue, record the card's arrival and hand it over."""

from __future__ import annotations

import pytest

from madoguchi.counter.models import Card
from tests.conftest import axe_violations
from tests.counter.conftest import make_card, make_resident
from tests.staff.conftest import make_staff  # noqa: F401 (a fixture)
from tests.browser.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick_all_documents(page) -> None:
    for box in page.locator("input[name=documents]").all():
        box.check()


def test_a_clerks_day(live_server, page, make_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-24T10:00+09:00")  # a Tuesday, counter open
    clerk = make_staff("tanaka", "clerk")
    resident = make_resident()
    card = make_card(resident)

    log_in(page, live_server.url, clerk)

    page.fill("#kana", "コガネイ")
    page.click("form[role=search] button")
    page.click(f"a[href='/staff/residents/{resident.pk}/']")
    assert "**** **** 9018" in page.content()
    assert axe_violations(page) == []

    page.click(f"a[href='/staff/cards/{card.pk}/do/suspend-lost-card/']")
    page.select_option("#channel", "phone")
    page.click(".procedure-form button[type=submit]")
    assert page.locator(".card-status").first.inner_text().startswith("一時停止中")

    page.click(f"a[href='/staff/cards/{card.pk}/do/lift-suspension/']")
    assert axe_violations(page) == []
    tick_all_documents(page)
    page.select_option("#channel", "phone")
    page.click(".procedure-form button[type=submit]")
    assert "電話では受け付けられません" in page.locator(".error-summary").inner_text()
    assert Card.objects.get(pk=card.pk).status == "suspended"

    tick_all_documents(page)
    page.select_option("#channel", "counter")
    page.click(".procedure-form button[type=submit]")
    assert page.locator(".card-status").first.inner_text().startswith("有効")

    page.click(f"a[href='/staff/cards/{card.pk}/do/apply-reissue/']")
    tick_all_documents(page)
    page.click(".procedure-form button[type=submit]")
    new = Card.objects.get(replaces=card)
    assert Card.objects.get(pk=card.pk).status == "superseded"

    page.click(f"a[href='/staff/cards/{new.pk}/do/record-arrival/']")
    page.fill("#serial", "AB0000000001")
    page.fill("#issued", "2026-11-24")
    page.fill("#notice_number", "N-0001")
    page.fill("#pickup_deadline", "2027-02-20")
    page.click(".procedure-form button[type=submit]")
    assert Card.objects.get(pk=new.pk).status == "arrived", page.content()[-3000:]

    page.goto(f"{live_server.url}/staff/cards/{new.pk}/do/card-pickup/?conditions=has-old-card")
    tick_all_documents(page)
    page.check("input[name=old_card_collected]")
    page.click(".procedure-form button[type=submit]")
    assert Card.objects.get(pk=new.pk).status == "active"
    assert Card.objects.get(pk=card.pk).status == "returned"
    assert page.locator(".card-status").first.inner_text().startswith("有効")
