"""Staff accounts for the tests: made through the real service, logged in through the real pages."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import pytest
from django.test import Client

from madoguchi.audit.services import Actor
from madoguchi.staff.services import create_staff

PASSWORD = "correct horse battery staple"


@dataclass
class StaffMember:
    username: str
    role: str
    secret: str
    password: str = PASSWORD

    def code(self, at=None) -> str:
        from madoguchi.core import clock

        return pyotp.TOTP(self.secret).at(at or clock.now())


@pytest.fixture
def make_staff(db):
    def make(username: str = "tanaka", role: str = "clerk") -> StaffMember:
        enrolment = create_staff(Actor("test", "administrator"), username=username, role=role, password=PASSWORD)
        return StaffMember(username, role, enrolment.secret)

    return make


def log_in(client: Client, member: StaffMember, *, next_url: str = "") -> None:
    """Both steps through the pages, as a clerk would."""
    response = client.post("/staff/login/", {"username": member.username, "password": member.password, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post("/staff/login/code/", {"code": member.code(), "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]


def prefer_english(client: Client) -> None:
    """The signed-in user asks for English beside the Japanese, through the page's switch."""
    response = client.post("/staff/preferences/english/", {"show_english": "1", "next": "/staff/"})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def clerk_client(make_staff) -> Client:
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    return client


@pytest.fixture
def supervisor_client(make_staff) -> Client:
    client = Client()
    log_in(client, make_staff("suzuki", "supervisor"))
    return client
