"""Signing a staff member in through the real login pages (password, then TOTP)."""

from __future__ import annotations


def log_in(page, base: str, member) -> None:
    page.goto(f"{base}/staff/login/")
    log_in_here(page, member)


def log_in_here(page, member) -> None:
    """The two steps from the login page already open (a test that looks at that page first)."""
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", member.password)
    page.click("button[type=submit]")
    page.fill("input[name=code]", member.code())
    page.click("button[type=submit]")
