"""The clerk's screens are in Japanese; English beside each label is the user's own
choice, kept on the staff user and audited."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.core import clock
from madoguchi.core.messages import both, english_beside_as
from madoguchi.staff.models import StaffProfile
from tests.counter.conftest import make_card, make_resident

from .conftest import log_in, prefer_english

pytestmark = pytest.mark.django_db

# Pages of the clerk's side, and an English twin each showed beside its Japanese.
PAGES = [
    ("resident", "お知らせの言語", "Language of notices"),
    ("procedure", "手続を完了する", "Complete the procedure"),
    ("day", "予約一覧", "Bookings of the day"),
    ("home", "ログアウト", "Log out"),
]


@pytest.fixture
def pinned():
    with clock.pinned(datetime(2026, 11, 24, 10, 0, tzinfo=clock.TOKYO)):
        yield


def url_of(page: str) -> str:
    resident = make_resident()
    card = make_card(resident)
    return {"resident": f"/staff/residents/{resident.pk}/", "procedure": f"/staff/cards/{card.pk}/do/card-info-change/",
            "day": f"/staff/bookings/?date={date(2026, 11, 24).isoformat()}", "home": "/staff/"}[page]  # fmt: skip


@pytest.mark.parametrize(("page", "ja", "en"), PAGES, ids=[p[0] for p in PAGES])
def test_a_clerk_sees_japanese_only_by_default(make_staff, pinned, page, ja, en):
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    html = client.get(url_of(page)).content.decode()
    assert ja in html and en not in html
    assert html.count('lang="en"') == 1  # the switch's own label, so that a reader of English finds it


@pytest.mark.parametrize(("page", "ja", "en"), PAGES, ids=[p[0] for p in PAGES])
def test_a_clerk_who_opts_in_sees_both(make_staff, pinned, page, ja, en):
    client = Client()
    log_in(client, make_staff("brown", "clerk"))
    prefer_english(client)
    html = client.get(url_of(page)).content.decode()
    assert ja in html and en in html and html.index(ja) < html.index(en)  # Japanese first


def test_the_choice_is_the_users_own_audited_and_can_be_undone(make_staff, pinned):
    brown, tanaka = Client(), Client()
    log_in(brown, make_staff("brown", "clerk"))
    log_in(tanaka, make_staff("tanaka", "clerk"))
    prefer_english(brown)
    assert StaffProfile.objects.get(user__username="brown").show_english
    assert not StaffProfile.objects.get(user__username="tanaka").show_english  # another user's screens are unchanged
    assert "Log out" not in tanaka.get("/staff/").content.decode()
    entry = AuditEntry.objects.get(actor="brown", action="update", subject_type="staff-user")
    assert entry.detail == {"show_english": True} and entry.reason == "preference"
    brown.post("/staff/preferences/english/", {"show_english": "0", "next": "/staff/"})
    assert not StaffProfile.objects.get(user__username="brown").show_english
    assert "Log out" not in brown.get("/staff/").content.decode()


def test_the_switch_goes_back_to_the_page_it_was_on_and_nowhere_else(make_staff, pinned):
    client = Client()
    log_in(client, make_staff("brown", "clerk"))
    back = client.post("/staff/preferences/english/", {"show_english": "1", "next": "/staff/residents/"})
    assert back["Location"] == "/staff/residents/"
    away = client.post("/staff/preferences/english/", {"show_english": "1", "next": "https://example.com/"})
    assert away["Location"] == "/staff/"


def test_the_switch_needs_a_login_and_a_post(db):
    assert Client().post("/staff/preferences/english/", {"show_english": "1"}).status_code == 302
    assert not AuditEntry.objects.filter(subject_type="staff-user", action="update").exists()


def test_a_message_shows_english_beside_only_when_wanted():
    with english_beside_as(False):
        assert both("staff.logout") == "ログアウト"
    with english_beside_as(True):
        assert both("staff.logout") == "ログアウト / Log out"
    assert both("staff.logout") == "ログアウト / Log out"  # outside a staff page (a command, a log): both
