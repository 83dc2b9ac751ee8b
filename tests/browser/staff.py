"""Signing a staff member in through the real login pages (password, then TOTP)."""

from __future__ import annotations


def log_in(page, base: str, member) -> None:
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", member.password)
    page.click("button[type=submit]")
    page.fill("input[name=code]", member.code())
    page.click("button[type=submit]")
