"""`EncryptedTextField`: a text column that holds only ciphertext.

Python code sees the plain text; the database (and so its files, dumps and
replicas) sees `v1:<key id>:<base64>`. Such a column cannot be searched or
ordered by its content: to find a row by a secret value, store a blind index
beside it (`madoguchi.staff.my_number.my_number_index`).
"""

from __future__ import annotations

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """`purpose` names what the column holds (e.g. "counter.my_number"); it is bound
    to each ciphertext, so a value copied into another column will not decrypt."""

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value, purpose=self.purpose)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value, purpose=self.purpose)

    def get_lookup(self, lookup_name):
        # `filter(my_number="...")` would compare against a fresh random
        # ciphertext and silently match nothing: refuse it instead.
        if lookup_name not in ("isnull",):
            raise TypeError(f"an EncryptedTextField cannot be searched with '{lookup_name}'; use a blind index")
        return super().get_lookup(lookup_name)
