"""Two-factor login: password, then a TOTP code; guessing is locked out and logged."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pyotp
import pytest
from django.test import Client

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.staff.models import LoginThrottle

from .conftest import log_in

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=clock.TOKYO)


def test_password_then_code_opens_the_staff_home(make_staff):
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "窓口業務" in response.content.decode() and "Counter work" not in response.content.decode()  # Japanese only by default
    assert AuditEntry.objects.filter(actor="tanaka", action="login").count() == 1


def test_the_password_alone_does_not_open_a_staff_page(make_staff):
    member = make_staff()
    client = Client()
    client.post("/staff/login/", {"username": member.username, "password": member.password})
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/?next=")


def test_a_wrong_password_is_refused_in_both_languages_and_logged_without_it(make_staff, caplog):
    member = make_staff()
    with caplog.at_level(logging.WARNING, logger="madoguchi.staff.login"):
        response = Client().post("/staff/login/", {"username": member.username, "password": "not-the-password-42"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "パスワードが違います" in body and "password is wrong" in body
    assert "tanaka" in caplog.text and "not-the-password-42" not in caplog.text
    failed = AuditEntry.objects.get(action="login-failed")
    assert failed.detail == {"ip": "127.0.0.1", "step": "password"}


@pytest.mark.parametrize("typed", ["6214 9832 0257", "６２１４－９８３２－０２５７", "6214.9832.0257"])
def test_a_my_number_typed_as_the_username_is_refused_and_never_kept(typed, caplog):
    response = Client().post("/staff/login/", {"username": typed, "password": "whatever"})
    assert response.status_code == 400
    assert "マイナンバー" in response.content.decode() and "My Number" in response.content.decode()
    assert not AuditEntry.objects.exists()  # neither audited ...
    assert not LoginThrottle.objects.exists()  # ... nor counted under that name
    assert "0257" not in caplog.text


def test_a_wrong_code_is_refused(make_staff):
    member = make_staff()
    client = Client()
    client.post("/staff/login/", {"username": member.username, "password": member.password})
    wrong = f"{(int(member.code()) + 1) % 1_000_000:06d}"
    response = client.post("/staff/login/code/", {"code": wrong})
    assert response.status_code == 400 and "確認コードが違う" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def test_a_right_password_counts_nothing_and_a_wrong_code_counts_once(make_staff):
    member = make_staff()
    client = Client()
    client.post("/staff/login/", {"username": member.username, "password": member.password})
    assert LoginThrottle.objects.get(username=member.username).failures == 0  # counted as it began, handed back
    client.post("/staff/login/code/", {"code": f"{(int(member.code()) + 1) % 1_000_000:06d}"})
    assert {t.username: t.failures for t in LoginThrottle.objects.all()} == {member.username: 1, "": 1}


def test_a_code_is_accepted_only_once(make_staff):
    member = make_staff()
    with clock.pinned(T0):
        code = member.code()
        log_in(Client(), member)
        second = Client()
        second.post("/staff/login/", {"username": member.username, "password": member.password})
        response = second.post("/staff/login/code/", {"code": code})
    assert response.status_code == 400


def test_the_code_must_follow_the_password_within_five_minutes(make_staff):
    member = make_staff()
    client = Client()
    with clock.pinned(T0):
        client.post("/staff/login/", {"username": member.username, "password": member.password})
    later = T0 + timedelta(minutes=6)
    with clock.pinned(later):
        response = client.post("/staff/login/code/", {"code": pyotp.TOTP(member.secret).at(later)})
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_five_failures_lock_the_user_at_that_address_for_fifteen_minutes(make_staff):
    member = make_staff()
    client = Client()
    with clock.pinned(T0):
        for _ in range(5):
            client.post("/staff/login/", {"username": member.username, "password": "wrong-wrong-wrong"})
        locked = client.post("/staff/login/", {"username": member.username, "password": member.password})
        elsewhere = Client(REMOTE_ADDR="10.0.0.9").post("/staff/login/", {"username": member.username, "password": member.password})
    assert locked.status_code == 400 and "09:15" in locked.content.decode()
    assert elsewhere.status_code == 302  # another terminal is not locked out
    with clock.pinned(T0 + timedelta(minutes=16)):
        log_in(client, member)


def test_one_address_trying_name_after_name_is_locked_and_stops_filling_the_audit_log(make_staff, settings):
    member = make_staff()
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    with clock.pinned(T0):
        for n in range(settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS):
            guesser.post("/staff/login/", {"username": f"made-up-{n}", "password": "wrong-wrong-wrong"})
        logged = AuditEntry.objects.filter(action="login-failed").count()
        for n in range(30):  # locked: refused before anything is written
            refused = guesser.post("/staff/login/", {"username": f"more-{n}", "password": "wrong-wrong-wrong"})
        real = guesser.post("/staff/login/", {"username": member.username, "password": member.password})
        counter = Client().post("/staff/login/", {"username": member.username, "password": member.password})
    assert logged == settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS
    assert AuditEntry.objects.filter(action="login-failed").count() == logged
    assert refused.status_code == 400 and "09:15" in refused.content.decode() and real.status_code == 400
    assert counter.status_code == 302  # the counter's own terminals are not locked out
    with clock.pinned(T0 + timedelta(minutes=16)):
        log_in(guesser, member)


def test_an_addresss_occasional_typos_do_not_add_up_to_a_lock(make_staff, settings):
    member = make_staff()
    terminal = Client()
    days = settings.MADOGUCHI_LOGIN_MAX_FAILURES_PER_ADDRESS  # one typo a day: the last would lock if they added up
    for day in range(days):
        with clock.pinned(T0 + timedelta(days=day)):
            terminal.post("/staff/login/", {"username": f"clerk-{day}", "password": "a-typo-a-typo"})
    with clock.pinned(T0 + timedelta(days=days - 1, minutes=1)):
        log_in(terminal, member)


def test_a_disabled_account_cannot_log_in(make_staff):
    from madoguchi.audit.services import Actor
    from madoguchi.staff.services import set_active

    member = make_staff()
    set_active(Actor("test", "administrator"), username=member.username, active=False)
    response = Client().post("/staff/login/", {"username": member.username, "password": member.password})
    assert response.status_code == 400


def test_next_sends_back_to_the_staff_page_asked_for_but_never_elsewhere(make_staff):
    member = make_staff("suzuki", "supervisor")
    for moment, asked, landing in [
        (T0, "https://evil.example/staff/", "/staff/"),
        (T0 + timedelta(minutes=1), "/staff/audit/?actor=tanaka", "/staff/audit/?actor=tanaka"),
    ]:
        client = Client()
        with clock.pinned(moment):
            client.post("/staff/login/", {"username": member.username, "password": member.password})
            response = client.post("/staff/login/code/", {"code": member.code(), "next": asked})
        assert response["Location"] == landing


def test_logout_is_a_post_and_ends_the_session(clerk_client):
    assert clerk_client.get("/staff/logout/").status_code == 405
    response = clerk_client.post("/staff/logout/")
    assert response.status_code == 302
    assert clerk_client.get("/staff/").status_code == 302
    assert AuditEntry.objects.filter(action="logout").count() == 1


def test_an_empty_form_says_what_is_missing():
    response = Client().post("/staff/login/", {"username": "", "password": ""})
    assert response.status_code == 400 and "入力してください" in response.content.decode()


@pytest.mark.parametrize("proxies", ["", "10.0.0.5"])
def test_a_client_writing_its_own_x_forwarded_for_is_still_locked(make_staff, settings, proxies):
    """Issue 11: 40 wrong passwords with a new X-Forwarded-For each time gave no lock."""
    settings.MADOGUCHI_TRUSTED_PROXIES = proxies
    member = make_staff()
    guesser = Client(REMOTE_ADDR="10.0.0.5")  # the proxy, when one is trusted
    with clock.pinned(T0):
        for n in range(40):
            forwarded = f"198.51.100.{n}, 203.0.113.9" if proxies else f"198.51.100.{n}"
            guesser.post("/staff/login/", {"username": member.username, "password": "wrong-wrong"}, HTTP_X_FORWARDED_FOR=forwarded)
        right = guesser.post("/staff/login/", {"username": member.username, "password": member.password},
                             HTTP_X_FORWARDED_FOR="198.51.100.250, 203.0.113.9" if proxies else "198.51.100.250")
    assert right.status_code == 400 and "09:15" in right.content.decode()
    assert AuditEntry.objects.filter(action="login-failed").count() == settings.MADOGUCHI_LOGIN_MAX_FAILURES
