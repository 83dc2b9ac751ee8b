"""`madoguchi manage staff_rotate_keys`: re-encrypt every encrypted column with the
current MADOGUCHI_ENCRYPTION_KEY.

Rotation: put the old key in MADOGUCHI_ENCRYPTION_OLD_KEYS and a new one in
MADOGUCHI_ENCRYPTION_KEY, restart, run this, then drop the old key. Values already
under the current key are left alone, so the command can be run again after an
interruption. (The blind index key is not rotated this way: its values cannot be
recomputed without the plain numbers; see docs/adr/0005-my-number-encryption.md.)
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from madoguchi.audit.services import Actor, record
from madoguchi.staff.crypto import decrypt, keyring, needs_reencryption
from madoguchi.staff.fields import EncryptedTextField

BATCH = 1000


def encrypted_columns():
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value with the current key (after adding a new key)."

    def handle(self, *args, **options):
        keyring.cache_clear()
        quote = connection.ops.quote_name
        for model, field in encrypted_columns():
            table, pk, column = quote(model._meta.db_table), quote(model._meta.pk.column), quote(field.column)
            changed, last = 0, None
            while True:
                with transaction.atomic():
                    with connection.cursor() as cur:
                        where = f"WHERE {pk} > %s " if last is not None else ""
                        cur.execute(f"SELECT {pk}, {column} FROM {table} {where}ORDER BY {pk} LIMIT {BATCH}", [last] if last is not None else [])
                        rows = cur.fetchall()
                    for row_pk, stored in rows:
                        if stored and needs_reencryption(stored):
                            plain = decrypt(stored, purpose=field.purpose)
                            model._base_manager.filter(pk=row_pk).update(**{field.name: plain})
                            changed += 1
                    if rows:
                        last = rows[-1][0]
                if len(rows) < BATCH:
                    break
            with transaction.atomic():
                record(Actor.system(), "re-encrypt", model._meta.label_lower, field.name, detail={"rows": changed, "key": keyring().current.id})
            self.stdout.write(f"{model._meta.label}.{field.name}: {changed} re-encrypted")
