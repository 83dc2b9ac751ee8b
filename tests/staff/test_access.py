"""Who may open what: staff_required, role_required, the actor, the reveal roles."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings

from madoguchi.audit.models import AuditEntry
from madoguchi.staff.access import can_reveal_my_number, role_required, staff_actor

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_login_with_the_page_to_come_back_to():
    response = Client().get("/staff/audit/?actor=x")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=%2Fstaff%2Faudit%2F%3Factor%3Dx"


def test_a_user_without_a_staff_profile_is_not_staff(db):
    user = get_user_model().objects.create_user("outsider", password="whatever-long-enough")
    client = Client()
    client.force_login(user)
    assert client.get("/staff/").status_code == 302


def test_a_clerk_may_not_read_the_audit_log(clerk_client):
    response = clerk_client.get("/staff/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "権限がありません" in body and "Supervisor" in body
    denied = AuditEntry.objects.get(action="denied")
    assert (denied.actor, denied.subject_id) == ("tanaka", "/staff/audit/")


def test_a_supervisor_may(supervisor_client):
    assert supervisor_client.get("/staff/audit/").status_code == 200


def test_staff_actor_names_the_user_and_role(make_staff):
    make_staff("suzuki", "supervisor")
    request = RequestFactory().get("/staff/")
    request.user = get_user_model().objects.get(username="suzuki")
    actor = staff_actor(request)
    assert (actor.name, actor.role) == ("suzuki", "supervisor")


def test_only_supervisors_and_administrators_reveal_a_my_number_by_default(make_staff):
    users = {role: make_staff(f"u-{role}", role) for role in ("clerk", "supervisor", "administrator")}
    User = get_user_model()
    allowed = {role for role in users if can_reveal_my_number(User.objects.get(username=f"u-{role}"))}
    assert allowed == {"supervisor", "administrator"}
    with override_settings(MADOGUCHI_MY_NUMBER_REVEAL_ROLES=("administrator",)):
        assert not can_reveal_my_number(User.objects.get(username="u-supervisor"))


def test_role_required_refuses_an_unknown_role_when_the_view_is_written():
    with pytest.raises(ValueError):
        role_required("superuser")
