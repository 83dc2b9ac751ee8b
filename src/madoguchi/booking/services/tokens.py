"""References residents quote and secret links they keep.

A reference is short and read aloud at the counter (no 0/O, 1/I); the secret
token is long and random, and only its SHA-256 is stored, so a copy of the
database cannot change anyone's booking.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# 32 letters, so that a random byte modulo its length is uniform (a test holds it to that).
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    # One read of the system's randomness serves all eight letters.
    body = "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in secrets.token_bytes(8))
    return f"{body[:4]}-{body[4:]}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_key(address: str) -> str:
    """A client's address as a keyed hash: enough to count failures, not to identify."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def notice_key(number: str) -> str:
    """A normalised notice number as a keyed hash: the pickup lock counts failures
    per number without keeping the numbers tried."""
    return hmac.new(settings.SECRET_KEY.encode(), b"pickup-notice:" + number.encode(), hashlib.sha256).hexdigest()
