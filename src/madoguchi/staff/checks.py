"""System checks: the encryption keys are well formed, and a deployment never runs
on the development keys (`manage check --deploy`)."""

from __future__ import annotations

from django.core import checks

from .crypto import KeyConfigurationError, keyring


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
