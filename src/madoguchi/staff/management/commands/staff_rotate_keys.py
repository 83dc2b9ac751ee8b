"""`madoguchi manage staff_rotate_keys [--index]`: re-encrypt every encrypted column
with the current MADOGUCHI_ENCRYPTION_KEY; with --index, also recompute every My
Number's blind index with the current MADOGUCHI_INDEX_KEY.

Encryption key: put the old key in MADOGUCHI_ENCRYPTION_OLD_KEYS and a new one in
MADOGUCHI_ENCRYPTION_KEY, restart, run this, then drop the old key. Values already
under the current key are left alone, so the command can be run again after an
interruption.

Index key: stop the app (a number cannot be found while its index is being
redone), set the new MADOGUCHI_INDEX_KEY, run this with --index, start the app.
Each index is recomputed from the decrypted number; rows already right are left
alone, so it too can be run again. docs/adr/0005-my-number-encryption.md.
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

    def add_arguments(self, parser):
        parser.add_argument("--index", action="store_true", help="also recompute the My Numbers' blind indexes with the current MADOGUCHI_INDEX_KEY (app stopped)")

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
        if options["index"]:
            self._reindex()

    def _reindex(self) -> None:
        from madoguchi.counter.models import Resident
        from madoguchi.staff.my_number import my_number_index

        changed, last = 0, 0
        while True:
            with transaction.atomic():
                rows = list(Resident.objects.filter(pk__gt=last).exclude(my_number_index="").only("pk", "my_number", "my_number_index").order_by("pk")[:BATCH])
                for resident in rows:
                    index = my_number_index(resident.my_number)
                    if index != resident.my_number_index:
                        Resident.objects.filter(pk=resident.pk).update(my_number_index=index)
                        changed += 1
                if rows:
                    last = rows[-1].pk
            if len(rows) < BATCH:
                break
        with transaction.atomic():
            record(Actor.system(), "re-index", "counter.resident", "my_number_index", detail={"rows": changed})
        self.stdout.write(f"counter.Resident.my_number_index: {changed} recomputed")
