"""Time-based one-time codes (RFC 6238) for the second login step."""

from __future__ import annotations

import pyotp

from madoguchi.core import clock

STEP_SECONDS = 30
# One step either side: a clerk's phone clock may drift by some seconds.
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def matching_step(secret: str, code: str) -> int | None:
    """The time step the code belongs to, or None if it matches none in the window."""
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
