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

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
assert 256 % len(REFERENCE_ALPHABET) == 0  # so that byte % len is uniform


def new_reference() -> str:
    # 32 letters: a random byte modulo 32 is uniform, and one read of the
    # system's randomness serves all eight.
    body = "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in secrets.token_bytes(8))
    return f"{body[:4]}-{body[4:]}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_key(address: str) -> str:
    """A client's address as a keyed hash: enough to count failures, not to identify."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
