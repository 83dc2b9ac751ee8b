"""The counter's service table: every action of the registry has its schema, its
service, its words on the clerk's screen, and the cases of its API 1.0 name."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest
from django.apps import apps
from pydantic import ValidationError

from madoguchi.core import clock
from madoguchi.counter.actions import ACTIONS, SERVICES, VisitIn, counter_action
from madoguchi.counter.models import Case
from madoguchi.rules.lifecycle import actions as registry
from madoguchi.web.messages import messages

from .conftest import CLERK, make_card, make_resident


def test_the_table_is_the_registry():
    assert list(ACTIONS) == list(registry.ACTIONS) == list(SERVICES)
    for name, a in ACTIONS.items():
        assert a.spec is registry.ACTIONS[name]
        assert issubclass(a.schema, VisitIn) == a.is_visit
        fields = {f.name for f in a.spec.all_fields()}
        assert set(a.schema.model_fields) == fields, name


@pytest.mark.parametrize("name", list(registry.ACTIONS))
def test_every_action_and_its_inputs_have_their_words(name):
    catalog, a = messages(), registry.ACTIONS[name]
    assert f"counter.action.{name}" in catalog
    for f in a.fields:
        assert f"counter.field.{f.name}" in catalog, f.name
        if f.kind == "choice" and not f.source and len(a.procedures) <= 1:
            for choice in f.choices:  # shown as options of the form
                assert f"counter.field.{f.name}.{choice}" in catalog


def test_the_schema_refuses_what_the_registry_does_not_describe():
    spec = ACTIONS["card-info-change"]
    with pytest.raises(ValidationError):
        spec.schema(change="favourite-colour")
    with pytest.raises(ValidationError):
        ACTIONS["suspend-lost-card"].schema(channel="kiosk")
    assert ACTIONS["suspend-lost-card"].schema().channel == "phone"  # the 24-hour line's record by default
    assert ACTIONS["lift-suspension"].schema().channel == "counter"


@pytest.mark.django_db
def test_a_former_name_runs_the_same_service():
    assert counter_action("hand-over") is ACTIONS["card-pickup"]
    assert counter_action("fly-to-the-moon") is None
    card = make_card(make_resident())
    with clock.pinned(datetime(2026, 11, 24, 10, 0, tzinfo=clock.TOKYO)):
        result = counter_action("suspend").do(CLERK, card.pk, {"channel": "phone"})
    assert result.card.status == "suspended" and result.case.action == "suspend-lost-card"


@pytest.mark.django_db
def test_cases_recorded_under_an_api_1_0_name_take_the_new_name():
    migration = importlib.import_module("madoguchi.counter.migrations.0006_case_action_names")
    assert migration.RENAMED.items() <= registry.FORMER_NAMES.items()
    card = make_card(make_resident())
    at = datetime(2026, 11, 24, 10, 0, tzinfo=clock.TOKYO)
    old = Case.objects.create(resident=card.resident, card=card, action="change-face-info", clerk="tanaka", started_at=at, completed_at=at)
    kept = Case.objects.create(resident=card.resident, card=card, action="report-found", clerk="tanaka", started_at=at, completed_at=at)
    migration.rename(apps, None)
    assert Case.objects.get(pk=old.pk).action == "card-info-change"
    assert Case.objects.get(pk=kept.pk).action == "report-found"
    migration.rename_back(apps, None)
    assert Case.objects.get(pk=old.pk).action == "change-face-info"
