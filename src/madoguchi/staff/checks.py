"""System checks: the encryption keys are well formed, and a deployment never runs
on the development keys, whether left unset or set to their published values
(`manage check --deploy`)."""

from __future__ import annotations

from django.core import checks

from .crypto import KeyConfigurationError, is_development_key, keyring


@checks.register(checks.Tags.security)
def keys_are_well_formed(app_configs=None, **kwargs):
    try:
        keyring.cache_clear()
        keyring()
    except KeyConfigurationError as e:
        return [checks.Error(str(e), id="staff.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def keys_are_not_the_development_keys(app_configs=None, **kwargs):
    try:
        development = keyring().development
    except KeyConfigurationError:
        return []  # reported by keys_are_well_formed
    if development:
        return [
            checks.Error(
                "MADOGUCHI_ENCRYPTION_KEY and MADOGUCHI_INDEX_KEY are not set: My Numbers and TOTP secrets "
                "would be encrypted with the public development keys.",
                hint="Set both to 32 random bytes in base64 (docs/staff.md, 'Keys').",
                id="staff.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def keys_are_not_the_published_development_keys(app_configs=None, **kwargs):
    """The development keys derive from a string in staff/crypto.py; copied into
    the environment they protect nothing."""
    try:
        ring = keyring()
    except KeyConfigurationError:
        return []  # reported by keys_are_well_formed
    if ring.development:
        return []  # reported by keys_are_not_the_development_keys
    published = [name for name, secret in (("MADOGUCHI_ENCRYPTION_KEY", ring.current.secret), ("MADOGUCHI_INDEX_KEY", ring.index_key))
                 if is_development_key(secret)]  # fmt: skip
    if published:
        return [
            checks.Error(
                f"{' and '.join(published)} set to a published development key: anyone can decrypt or match "
                "the My Numbers and TOTP secrets.",
                hint="Make new keys (docs/staff.md, 'Keys') and re-encrypt with staff_rotate_keys.",
                id="staff.E003",
            )
        ]
    return []
