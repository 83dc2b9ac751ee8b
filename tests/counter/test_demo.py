"""The demo data: fictional, idempotent, and showing what a clerk meets."""

import pytest

from madoguchi.audit.services import Actor
from madoguchi.counter import demo
from madoguchi.counter.models import Card, Resident
from madoguchi.counter.services.residents import open_resident

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_the_cases(now):
    assert demo.seed().startswith("5 ")
    assert demo.seed() == "demo residents already present"
    assert Resident.objects.count() == 5
    assert set(Card.objects.values_list("status", flat=True)) == {"active", "suspended", "arrived"}
    foreign = Resident.objects.get(nationality="VN")
    _, [view] = open_resident(Actor("tanaka", "clerk"), foreign.pk)
    assert "stay_ends_soon" in [d.code for d in view.due]
    child = Resident.objects.get(given_name="さくら")
    assert child.cards.get().certificates.get(kind="signature").status == "none"
