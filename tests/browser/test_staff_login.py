"""Staff login in a real headless Chromium: password then TOTP, a wrong code refused,
the idle timeout, and no axe violations on the login, home and audit pages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
import pytest

from madoguchi.core import clock
from tests.conftest import axe_violations
from tests.staff.conftest import PASSWORD, make_staff  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 12, 1, 8, 30, tzinfo=clock.TOKYO)


def at(monkeypatch, moment: datetime) -> None:
    # The live server runs in another thread of this process: pin its clock through the environment.
    monkeypatch.setenv("MADOGUCHI_NOW", moment.isoformat())


def assert_accessible(page) -> None:
    """No axe violation; on failure the rule and the offending elements are shown."""
    assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in axe_violations(page)] == []


def log_in(page, username: str, secret: str, moment: datetime) -> None:
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="次へ").click()
    page.get_by_label("確認コード").fill(pyotp.TOTP(secret).at(moment))
    page.get_by_role("button", name="ログイン").click()


def test_a_clerk_logs_in_with_a_code_and_is_logged_out_when_idle(live_server, page, make_staff, monkeypatch):
    member = make_staff("tanaka", "clerk")
    at(monkeypatch, T0)
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/login/" in page.url
    assert_accessible(page)

    page.get_by_label("ユーザー名").fill("tanaka")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/staff/login/code/**")
    assert_accessible(page)
    wrong = f"{(int(pyotp.TOTP(member.secret).at(T0)) + 1) % 1_000_000:06d}"
    page.get_by_label("確認コード").fill(wrong)
    page.get_by_role("button", name="ログイン").click()
    assert "確認コードが違う" in page.get_by_role("alert").inner_text()

    page.get_by_label("確認コード").fill(pyotp.TOTP(member.secret).at(T0))
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text().startswith("窓口業務")
    assert_accessible(page)

    at(monkeypatch, T0 + timedelta(minutes=16))
    page.reload()
    assert "/staff/login/" in page.url
    assert "一定時間操作がなかったため" in page.get_by_role("status").inner_text()


def test_a_supervisor_reads_the_audit_log_and_verifies_the_chain(live_server, page, make_staff, monkeypatch):
    member = make_staff("suzuki", "supervisor")
    at(monkeypatch, T0)
    page.goto(f"{live_server.url}/staff/audit/")
    log_in(page, "suzuki", member.secret, T0)
    page.wait_for_url("**/staff/audit/")
    page.get_by_label("職員（ユーザー名）").fill("suzuki")
    page.get_by_role("button", name="検索", exact=False).last.click()
    assert page.locator("table.records tbody tr").count() >= 1
    assert_accessible(page)
    page.get_by_role("button", name="今すぐ検証する").click()
    assert "改ざんは見つかりませんでした" in page.get_by_role("status").inner_text()
    assert_accessible(page)
