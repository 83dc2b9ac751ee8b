"""References residents quote and secret links they keep.

A reference is short and read aloud at the counter (no 0/O, 1/I); the secret
token is long and random, and only its SHA-256 is stored, so a copy of the
database cannot change anyone's booking.

The token is made from a random seed kept with the booking, keyed with the
SECRET_KEY (`link_token`): a mail sent later (a retry after the mail server
was down, "send my link again") can then give the same link again, while the
database alone (seed and hash) still opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings

# 32 letters, so that a random byte modulo its length is uniform (a test holds it to that).
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    # One read of the system's randomness serves all eight letters.
    body = "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in secrets.token_bytes(8))
    return f"{body[:4]}-{body[4:]}"


# What a person types for the reference's hyphen: after NFKC (which turns the
# full-width － into -), the dashes and the long-vowel marks an IME may give.
_HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—―−ーｰ─━"})
_REFERENCE_LENGTH = 8


def normalize_reference(typed: str | None) -> str:
    """A reference as a person typed or scanned it, in the stored form `ABCD-EFGH`:
    any case, full or half width (NFKC), any dash or none, spaces ignored. Every
    place that reads a reference typed by a person looks it up through this one."""
    text = unicodedata.normalize("NFKC", typed or "").translate(_HYPHENS).upper()
    body = "".join(c for c in text if not c.isspace() and c != "-")
    if len(body) == _REFERENCE_LENGTH:
        return f"{body[:4]}-{body[4:]}"
    return text.strip()  # not a reference's shape: kept as typed (normalised) so the page can say it was not found


def link_token(seed: str) -> str:
    """The secret link's token of a seed: 32 URL-safe characters (24 bytes)."""
    mac = hmac.new(settings.SECRET_KEY.encode(), b"booking-link:" + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()


def new_link() -> tuple[str, str]:
    """A new secret link: (the seed to keep, the token to give once)."""
    seed = secrets.token_urlsafe(16)
    return seed, link_token(seed)


def new_token() -> str:
    """A random secret of 32 URL-safe characters (a kiosk's key), kept only as its hash."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_key(address: str) -> str:
    """A client's address as a keyed hash: enough to count failures, not to identify."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def reference_key(reference: str) -> str:
    """A typed reference as a keyed hash: the resend form counts requests per reference without keeping it."""
    return hmac.new(settings.SECRET_KEY.encode(), b"booking-reference:" + reference.encode(), hashlib.sha256).hexdigest()


def notice_key(number: str) -> str:
    """A normalised notice number as a keyed hash: the pickup lock counts failures
    per number without keeping the numbers tried."""
    return hmac.new(settings.SECRET_KEY.encode(), b"pickup-notice:" + number.encode(), hashlib.sha256).hexdigest()
