"""A model's row written by hand-made SQL (one statement where the ORM needs
several), with the values Django itself would save, and the instance then
marked saved as the ORM would mark it: the seat's WITH ... INSERT
(booking/services/seats.py) and the mail's INSERT ... ON CONFLICT
(notices/services/mail.py)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, Model


def insert_fields(model: type[Model]) -> list[Field]:
    """The columns an INSERT writes: every concrete field but the primary key."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def values_to_insert(instance: Model, fields: list[Field]) -> list:
    """The instance's values as Django would save them (defaults, auto_now, adaptation)."""
    return [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def mark_saved(instance: Model, pk: object) -> None:
    """The instance as the ORM leaves it after its own INSERT."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
