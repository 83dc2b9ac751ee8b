"""The municipality: its name, its code, its offices and how to reach it."""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.exceptions import ValidationError
from stdnum.util import isdigits

from .calendar import Interval
from .text import Text


@dataclass(frozen=True)
class Office:
    id: str
    name: Text
    address: Text
    map_url: str
    weekly_hours: tuple[tuple[Interval, ...], ...]  # Monday first
    sources: tuple[str, ...]


# What a contact is for: the division's inquiries, or the 24-hour lines that
# suspend a lost card (a procedure names the purposes it is done through).
CONTACT_PURPOSES = ("inquiries", "suspension")


@dataclass(frozen=True)
class Contact:
    id: str
    label: Text
    phone: str | None
    fax: str | None
    mail: str | None
    hours: Text | None
    purpose: str  # one of CONTACT_PURPOSES
    note: Text | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class City:
    id: str
    name: Text
    prefecture: Text
    division: Text
    local_government_code: str
    timezone: str
    offices: tuple[Office, ...]
    contacts: tuple[Contact, ...]
    mail_from: str  # the address the city's mail (notices, the queue's call) is sent from
    sources: dict[str, str]  # source id -> address

    def office(self, office_id: str | None = None) -> Office:
        if office_id is None:
            return self.offices[0]
        for o in self.offices:
            if o.id == office_id:
                return o
        raise KeyError(office_id)

    def contacts_for(self, purpose: str) -> list[Contact]:
        return [c for c in self.contacts if c.purpose == purpose]


def local_government_code_check_digit(first_five: str) -> int:
    """地方公共団体コード check digit: weights 6..2, last digit of 11 − (sum mod 11).

    総務省「全国地方公共団体コード仕様」; FACTS.md §7. 13210 → 1 (132101).
    (python-stdnum has no module for this code, so it is written here once.)
    """
    if len(first_five) != 5 or not isdigits(first_five):
        raise ValidationError("five digits expected")
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def is_valid_local_government_code(code: str) -> bool:
    if len(code) != 6 or not isdigits(code):
        return False
    return local_government_code_check_digit(code[:5]) == int(code[5])
