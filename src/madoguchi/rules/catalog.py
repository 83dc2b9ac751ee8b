"""The procedures a city's counter does, as the city's data describes them.

Each procedure says who may come and what each must bring, what it costs on a
given day (fees are dated and never deleted), how long it takes and what
comes next, and where every statement comes from. FACTS.md §1-§2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .dated import DatedText
from .dated import in_force as texts_in_force
from .messages import input_error, rules_text
from .text import SPACED, Text

if TYPE_CHECKING:
    from .validity import ValidityRules

CHANNELS = ("counter", "phone", "kiosk", "online")
APPLICANT_TYPES = ("self", "household-member", "voluntary-proxy", "legal-representative")
# How a procedure's days and hours are decided: by the counter's calendar, at
# any hour of any day (the 24-hour suspension line), or by someone else (a
# convenience-store kiosk's hours are the store's and J-LIS's, not the city's).
SERVICE_HOURS = ("counter", "always", "external")


@dataclass(frozen=True)
class Applicant:
    id: str
    name: Text
    rule: Text


@dataclass(frozen=True)
class Document:
    id: str
    label: Text
    detail: Text | None  # the latest; `as_of(day)` gives the one in force that day
    sources: tuple[str, ...]
    # A detail that the law changed (健康保険証 left the ID list on 2025-12-01):
    # each version with the period it holds (rules/dated.py).
    dated_details: tuple[DatedText, ...] = ()

    def as_of(self, day: date) -> Document:
        if not self.dated_details:
            return self
        current = [d for d in self.dated_details if d.in_force(day)]
        return replace(self, detail=current[-1] if current else None)


@dataclass(frozen=True)
class Condition:
    """A circumstance a requirement or a follow-up depends on (e.g. lost outside home)."""

    id: str
    label: Text


@dataclass(frozen=True)
class Requirement:
    document: Document
    condition: Condition | None = None  # needed only when this holds
    unless: Condition | None = None  # not needed when this holds (a lost 交付通知書)

    @property
    def id(self) -> str:
        return self.document.id

    def needed(self, conditions: set[str] | frozenset[str] | tuple[str, ...]) -> bool:
        """Whether it is needed when `conditions` hold (and no others)."""
        return (self.condition is None or self.condition.id in conditions) and (
            self.unless is None or self.unless.id not in conditions
        )

    @property
    def label(self) -> Text:
        d = self.document.label
        if self.unless is not None:  # rules/messages.yaml: "… (except …)"
            return rules_text("rules.requirement.unless", document=d, unless=self.unless.label)
        if self.condition is None:
            return d
        c = self.condition.label
        return Text.combine(lambda lang, s: f"{s[0]} ({s[1]})" if lang in SPACED else f"{s[0]}（{s[1]}）", d, c)


# The express issue's applicant under this age comes with the legal
# representative (FACTS.md §9) [towada, the city's 特急発行 page].
EXPRESS_ISSUE_WITH_LEGAL_REPRESENTATIVE_UNDER = 15


def circumstances_from_register(birth: date, on: date, ages: ValidityRules) -> set[str]:
    """Circumstances the resident register itself shows, so that nobody has to
    tick them: a child under one (express issue is free for them [sanuki]), a
    child under 15 (comes with the legal representative), the age reckoned as
    every age line is (ValidityRules.age_on)."""
    age = ages.age_on(birth, on)
    found = {"under-one"} if age < 1 else set()
    if age < EXPRESS_ISSUE_WITH_LEGAL_REPRESENTATIVE_UNDER:
        found.add("under-fifteen")
    return found


@dataclass(frozen=True)
class FeeItem:
    item: str
    label: Text
    yen: int
    optional: bool  # left out when the resident declines it (certificates)


@dataclass(frozen=True)
class FeeSchedule:
    """The fee in force from `effective` until the next schedule's date."""

    effective: date
    items: tuple[FeeItem, ...]
    note: Text | None
    sources: tuple[str, ...]
    # Circumstances in which nothing is charged (e.g. express issue for a child
    # under one, after moving in from abroad, or with the notes field full).
    free_when: tuple[Condition, ...] = ()

    @property
    def total(self) -> int:
        return sum(i.yen for i in self.items)

    def charged(self, conditions: Iterable[str], *, with_optional: bool = True) -> tuple[FeeItem, ...]:
        """The items a resident in these circumstances pays: none if one of them
        makes it free; the optional ones (certificates) only if wanted."""
        if {c.id for c in self.free_when} & set(conditions):
            return ()
        return tuple(i for i in self.items if with_optional or not i.optional)

    @property
    def total_without_optional(self) -> int:
        return sum(i.yen for i in self.items if not i.optional)


@dataclass(frozen=True)
class Processing:
    same_day: bool
    typical_days: int | None
    summary: Text
    next_steps: tuple[Text, ...]


@dataclass(frozen=True)
class FollowUp:
    procedure: str
    condition: Condition | None
    text: Text


@dataclass(frozen=True)
class Procedure:
    id: str
    name: Text
    summary: Text
    channels: tuple[str, ...]
    service_hours: str
    applicants: dict[str, tuple[Requirement, ...]]  # only the applicant types allowed
    fees: tuple[FeeSchedule, ...]  # ordered by effective date
    available_from: date | None
    processing: Processing
    notes: tuple[Text, ...]
    warnings: tuple[Text, ...]
    follow_ups: tuple[FollowUp, ...]
    bookable: bool
    keywords: tuple[str, ...]
    cases: tuple[Condition, ...]  # the situations a procedure covers (e.g. return reasons)
    sources: tuple[str, ...]  # addresses (URLs)
    # The purposes of the city's contacts this procedure is done through (the
    # 24-hour suspension lines for suspend-lost-card), named in the data.
    contacts: tuple[str, ...] = ()
    # Act at once (a lost card can be misused): first on the guide's home page
    # and first in search whenever its keywords match (rules/guide_search.py).
    urgent: bool = False
    # Procedures to do before this one (suspend a lost card before asking for
    # a new one): its page says so first, with their contacts.
    first: tuple[str, ...] = ()

    def in_force(self, on: date) -> bool:
        return self.available_from is None or on >= self.available_from

    def as_of(self, day: date) -> Procedure:
        """The procedure as the law and the city's data stand on `day`: the
        notes and warnings in force, each document's detail of that day."""
        return replace(
            self,
            notes=texts_in_force(self.notes, day),
            warnings=texts_in_force(self.warnings, day),
            applicants={
                a: tuple(Requirement(r.document.as_of(day), r.condition, r.unless) for r in reqs) for a, reqs in self.applicants.items()
            },
        )

    def check_in_force(self, on: date) -> None:
        if not self.in_force(on):
            raise input_error("not_in_force", id=self.id, on=on, available_from=self.available_from, name=self.name)

    def fee_on(self, on: date) -> FeeSchedule:
        self.check_in_force(on)
        in_force = [f for f in self.fees if f.effective <= on]
        if not in_force:
            raise input_error("no_fee_on_date", id=self.id, on=on, first=self.fees[0].effective, name=self.name)
        return in_force[-1]

    def requirements_for(self, applicant: str) -> tuple[Requirement, ...]:
        if applicant not in APPLICANT_TYPES:
            raise input_error("unknown_applicant", applicant=applicant, choices=', '.join(APPLICANT_TYPES))
        if applicant not in self.applicants:
            allowed = ", ".join(self.applicants)
            raise input_error("applicant_not_allowed", applicant=applicant, id=self.id, allowed=allowed, name=self.name)
        return self.applicants[applicant]

    @property
    def at_counter(self) -> bool:
        return "counter" in self.channels


@dataclass(frozen=True)
class ProcedureGroup:
    """A heading of the guide's home page and the procedures under it, as a resident looks for them."""

    id: str
    name: Text
    procedures: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    procedures: dict[str, Procedure]  # in the data's order
    applicants: dict[str, Applicant]
    documents: dict[str, Document]
    conditions: dict[str, Condition]
    groups: tuple[ProcedureGroup, ...] = ()  # every procedure in exactly one (the loader checks)

    def get(self, procedure_id: str) -> Procedure:
        try:
            return self.procedures[procedure_id]
        except KeyError:
            raise input_error("unknown_procedure", procedure_id=procedure_id) from None

    def all(self) -> list[Procedure]:
        return list(self.procedures.values())

    def as_of(self, day: date) -> Catalog:
        return Catalog(
            {pid: p.as_of(day) for pid, p in self.procedures.items()},
            self.applicants,
            {did: d.as_of(day) for did, d in self.documents.items()},
            self.conditions,
            self.groups,
        )
