"""Encryption at rest: AES-GCM with a key id in each value, rotation, blind indexes."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.staff import crypto
from madoguchi.staff.crypto import DecryptionError, KeyConfigurationError, decrypt, encrypt, key_id_of, keyring
from madoguchi.staff.models import StaffProfile


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def keys():
    """Real keys in the settings for the test; the process's keyring is restored after."""
    enc, idx = new_key(), new_key()
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=enc, MADOGUCHI_INDEX_KEY=idx, MADOGUCHI_ENCRYPTION_OLD_KEYS=""):
        keyring.cache_clear()
        yield enc, idx
    keyring.cache_clear()


@given(st.text(max_size=200))
def test_what_is_encrypted_decrypts_to_the_same_text(plain):
    assert decrypt(encrypt(plain, purpose="test"), purpose="test") == plain


def test_a_value_names_its_key_and_differs_every_time(keys):
    a, b = encrypt("621498320257", purpose="test"), encrypt("621498320257", purpose="test")
    assert a != b and "621498320257" not in a
    assert a.startswith(f"v1:{keyring().current.id}:")


def test_a_value_opens_only_for_its_purpose_and_unaltered(keys):
    stored = encrypt("secret", purpose="counter.my_number")
    with pytest.raises(DecryptionError):
        decrypt(stored, purpose="staff.totp")
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        decrypt(tampered, purpose="counter.my_number")
    with pytest.raises(DecryptionError):
        decrypt("621498320257", purpose="counter.my_number")


def test_an_old_key_still_opens_old_values_after_rotation(keys):
    old_enc, idx = keys
    stored = encrypt("secret", purpose="test")
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=new_key(), MADOGUCHI_ENCRYPTION_OLD_KEYS=old_enc):
        keyring.cache_clear()
        assert decrypt(stored, purpose="test") == "secret"
        assert crypto.needs_reencryption(stored)
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=new_key()):
        keyring.cache_clear()
        with pytest.raises(DecryptionError, match="not configured"):
            decrypt(stored, purpose="test")


@pytest.mark.django_db
def test_rotate_keys_reencrypts_every_encrypted_column(keys, make_staff):
    old_enc, _ = keys
    member = make_staff()
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=new_key(), MADOGUCHI_ENCRYPTION_OLD_KEYS=old_enc):
        out = io.StringIO()
        call_command("staff_rotate_keys", stdout=out)
        assert "staff.StaffProfile.totp_secret: 1 re-encrypted" in out.getvalue()
        with connection.cursor() as cur:
            cur.execute("SELECT totp_secret FROM staff_staffprofile")
            (raw,) = cur.fetchone()
        assert key_id_of(raw) == keyring().current.id
        assert StaffProfile.objects.get().totp_secret == member.secret
    keyring.cache_clear()


@pytest.mark.django_db
def test_rotate_keys_with_index_finds_every_number_again_under_the_new_index_key(keys):
    from madoguchi.counter.models import Resident
    from madoguchi.staff.my_number import my_number_index
    from tests.counter.conftest import MY_NUMBER, make_resident

    resident = make_resident()
    make_resident(my_number="", given_name="番号なし")
    with override_settings(MADOGUCHI_INDEX_KEY=new_key()):
        keyring.cache_clear()
        assert not Resident.objects.filter(my_number_index=my_number_index(MY_NUMBER)).exists()  # lost until re-indexed
        out = io.StringIO()
        call_command("staff_rotate_keys", "--index", stdout=out)
        assert "my_number_index: 1 recomputed" in out.getvalue()
        assert Resident.objects.get(my_number_index=my_number_index(MY_NUMBER)) == resident
        again = io.StringIO()
        call_command("staff_rotate_keys", "--index", stdout=again)
        assert "my_number_index: 0 recomputed" in again.getvalue()  # safe to run again
    keyring.cache_clear()


@pytest.mark.parametrize("value", ["", "not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_key_is_refused_with_how_to_make_one(value):
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=value or "   x", MADOGUCHI_INDEX_KEY=new_key()):
        keyring.cache_clear()
        with pytest.raises(KeyConfigurationError, match="32 random bytes in base64; make one with"):
            keyring()
    keyring.cache_clear()


def test_the_index_key_must_differ_from_the_encryption_key():
    same = new_key()
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=same, MADOGUCHI_INDEX_KEY=same):
        keyring.cache_clear()
        with pytest.raises(KeyConfigurationError, match="must differ"):
            keyring()
    keyring.cache_clear()


def test_without_keys_the_development_keys_are_used_and_said_loudly(caplog):
    with override_settings(MADOGUCHI_ENCRYPTION_KEY="", MADOGUCHI_INDEX_KEY=""):
        keyring.cache_clear()
        assert keyring().development
    assert "DEVELOPMENT keys" in caplog.text
    keyring.cache_clear()


def test_the_deploy_check_refuses_the_development_keys():
    from madoguchi.staff.checks import keys_are_not_the_development_keys

    with override_settings(MADOGUCHI_ENCRYPTION_KEY="", MADOGUCHI_INDEX_KEY=""):
        keyring.cache_clear()
        assert [e.id for e in keys_are_not_the_development_keys()] == ["staff.E002"]
    with override_settings(MADOGUCHI_ENCRYPTION_KEY=new_key(), MADOGUCHI_INDEX_KEY=new_key()):
        keyring.cache_clear()
        assert keys_are_not_the_development_keys() == []
    keyring.cache_clear()
