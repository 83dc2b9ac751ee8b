"""Backups a city can restore: `madoguchi backup`, `restore` and `verify-backup`.

- `backup.py`: one consistent copy of the database while the app serves and
  writes (PostgreSQL: `pg_dump -Fc` on an exported snapshot; SQLite: the online
  backup API), with a manifest beside it (`manifest.py`).
- `restore.py`: into an empty database only (ADR 0011), then the verify step.
- `verify.py`: the audit chain end to end, the manifest's row counts and last
  audit entry, the keys every encrypted value needs, and a sample of My
  Numbers decrypted (never shown) with the configured keys; audited.

The encryption keys are never in a backup: they live in the environment
(`staff/crypto.py`) and are kept apart from the backups (docs/operations.md).
"""
