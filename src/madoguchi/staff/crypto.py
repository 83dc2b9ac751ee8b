"""Encryption at rest (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

Keys come from the environment, never from the database they protect:

- MADOGUCHI_ENCRYPTION_KEY: the key new values are encrypted with (32 bytes,
  base64). MADOGUCHI_ENCRYPTION_OLD_KEYS: comma-separated older keys, still
  accepted for decryption while values are re-encrypted (`staff_rotate_keys`).
- MADOGUCHI_INDEX_KEY: a separate key for blind indexes, so that the index of a
  My Number (stored to find a resident by it) says nothing to whoever holds only
  the encryption key, and the reverse.

A stored value reads `v1:<key id>:<base64 of nonce + ciphertext + tag>`. The key
id is derived from the key itself (the first 8 hex digits of its SHA-256), so a
value always says which key opens it and rotation needs no bookkeeping.

Without keys in the environment (development and tests only; the production
settings refuse to start without them) fixed development keys are derived from a
public string and a warning is logged: such data is NOT protected.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

logger = logging.getLogger("madoguchi.staff.crypto")

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
DEV_KEY_WARNING = (
    "MADOGUCHI_ENCRYPTION_KEY / MADOGUCHI_INDEX_KEY are not set: using the fixed DEVELOPMENT keys. "
    "Data encrypted with them is NOT protected. Never use them with real residents' data."
)


class KeyConfigurationError(ValueError):
    """A key in the environment is not 32 bytes of base64."""


class DecryptionError(ValueError):
    """A stored value cannot be opened: unknown key id, damaged or tampered with."""


@dataclass(frozen=True)
class Key:
    id: str
    secret: bytes

    @classmethod
    def from_bytes(cls, secret: bytes) -> Key:
        return cls(hashlib.sha256(secret).hexdigest()[:8], secret)


def _dev_key(purpose: str) -> bytes:
    return hashlib.sha256(f"madoguchi development key, not secret: {purpose}".encode()).digest()


def is_development_key(secret: bytes) -> bool:
    """One of the fixed development keys, whose derivation is published in this file."""
    return any(hmac.compare_digest(secret, _dev_key(p)) for p in ("encryption", "blind index"))


def parse_key(value: str, name: str) -> bytes:
    """Decode one base64 key; say which setting is wrong and how to make a good one."""
    try:
        secret = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES:
        raise KeyConfigurationError(
            f"{name} must be {KEY_BYTES} random bytes in base64; make one with: "
            "python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())'"
        )
    return secret


@dataclass(frozen=True)
class Keyring:
    current: Key
    by_id: dict[str, Key]
    index_key: bytes
    development: bool


def _setting(name: str) -> str:
    return (getattr(settings, name, "") or "").strip()


@functools.cache
def keyring() -> Keyring:
    """The keys from the settings (read once per process; tests call `keyring.cache_clear()`)."""
    enc, old, idx = _setting("MADOGUCHI_ENCRYPTION_KEY"), _setting("MADOGUCHI_ENCRYPTION_OLD_KEYS"), _setting("MADOGUCHI_INDEX_KEY")
    development = not enc or not idx
    if development:
        logger.warning(DEV_KEY_WARNING)
    current = Key.from_bytes(parse_key(enc, "MADOGUCHI_ENCRYPTION_KEY") if enc else _dev_key("encryption"))
    index_key = parse_key(idx, "MADOGUCHI_INDEX_KEY") if idx else _dev_key("blind index")
    if hmac.compare_digest(current.secret, index_key):
        raise KeyConfigurationError("MADOGUCHI_INDEX_KEY must differ from MADOGUCHI_ENCRYPTION_KEY")
    keys = [current] + [Key.from_bytes(parse_key(v, "MADOGUCHI_ENCRYPTION_OLD_KEYS")) for v in old.split(",") if v.strip()]
    return Keyring(current, {k.id: k for k in keys}, index_key, development)


@functools.lru_cache(maxsize=8)
def _cipher(secret: bytes) -> AESGCM:
    """One AESGCM per key: setting up its key schedule costs more than sealing a short value."""
    return AESGCM(secret)


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt with the current key. `purpose` (e.g. "staff.totp") is bound to the
    ciphertext as associated data, so a value copied into another column will not open."""
    return encrypt_many([plaintext], purpose=purpose)[0]


def encrypt_many(plaintexts: list[str], *, purpose: str) -> list[str]:
    """`encrypt` of each value (an import's batch): one cipher, one read of random
    nonces for all; every value still gets its own fresh nonce."""
    key = keyring().current
    seal, aad, prefix = _cipher(key.secret).encrypt, purpose.encode(), f"{FORMAT_VERSION}:{key.id}:"
    nonces = os.urandom(NONCE_BYTES * len(plaintexts))
    b64 = binascii.b2a_base64  # base64.b64encode's own step, without its wrapper
    out = []
    for i, plaintext in enumerate(plaintexts):
        nonce = nonces[i * NONCE_BYTES : (i + 1) * NONCE_BYTES]
        out.append(prefix + b64(nonce + seal(nonce, plaintext.encode(), aad), newline=False).decode("ascii"))
    return out


def decrypt(stored: str, *, purpose: str) -> str:
    version, _, rest = stored.partition(":")
    key_id, _, body = rest.partition(":")
    if version != FORMAT_VERSION or not body:
        raise DecryptionError("not an encrypted value of this system")
    key = keyring().by_id.get(key_id)
    if key is None:
        raise DecryptionError(f"encrypted with key {key_id}, which is not configured (MADOGUCHI_ENCRYPTION_OLD_KEYS?)")
    try:
        raw = base64.b64decode(body, validate=True)
        return _cipher(key.secret).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
    except (binascii.Error, ValueError, InvalidTag) as e:
        raise DecryptionError("the encrypted value is damaged or was changed") from e


def key_id_of(stored: str) -> str:
    return stored.split(":", 2)[1] if stored.count(":") >= 2 else ""


def needs_reencryption(stored: str) -> bool:
    return key_id_of(stored) != keyring().current.id


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash to find a row by a secret value without storing the value."""
    mac = _keyed_index(keyring().index_key, purpose).copy()
    mac.update(value.encode())
    return mac.hexdigest()


@functools.lru_cache(maxsize=8)
def _keyed_index(index_key: bytes, purpose: str) -> hmac.HMAC:
    """HMAC-SHA256 already keyed and fed `purpose` NUL: each index copies it (the
    same digest as hashing the whole message, without keying the hash again)."""
    return hmac.new(index_key, f"{purpose}\x00".encode(), hashlib.sha256)
