"""Whether the counter may do a procedure now, for this applicant, with these documents.

The catalog says who may come, by which channel, and what each must bring;
the calendar says when. A clerk ticks the documents seen; the procedure does
not complete until every required one is ticked. Requirements that depend on
a circumstance (lost outside home, has the old card) count only when the
clerk says the circumstance applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..calendar import Openness
from ..catalog import APPLICANT_TYPES, Catalog, Procedure, Requirement
from ..messages import input_error
from ..messages import rules_section
from ..text import SPACED, Text
from .transitions import Refusal


@dataclass(frozen=True)
class Visit:
    procedure: Procedure
    applicant: str
    conditions: tuple[str, ...]
    documents: tuple[str, ...]  # ids ticked by the clerk


def required(procedure: Procedure, applicant: str, conditions: tuple[str, ...]) -> tuple[Requirement, ...]:
    """The documents this applicant must present, given the circumstances."""
    return tuple(
        r for r in procedure.requirements_for(applicant) if r.needed(conditions)
    )


def check_visit(catalog: Catalog, visit: Visit, *, channel: str, openness: Openness | None) -> tuple[Requirement, ...]:
    """Refuse what the rules forbid; return the requirements that were met."""
    procedure = visit.procedure
    _check_known(catalog, visit)
    if channel not in procedure.channels:
        raise Refusal(
            "channel_not_allowed",
            procedure=procedure.name,
            channel=_channel_label(channel),
            allowed=_join([_channel_label(c) for c in procedure.channels]),
        )
    check_open(procedure, openness)
    if visit.applicant not in procedure.applicants:
        raise Refusal(
            "applicant_not_allowed",
            procedure=procedure.name,
            applicant=catalog.applicants[visit.applicant].name,
            allowed=_join([catalog.applicants[a].name for a in procedure.applicants]),
        )
    needed = required(procedure, visit.applicant, visit.conditions)
    missing = [r for r in needed if r.id not in visit.documents]
    if missing:
        raise Refusal("documents_missing", documents=_join([r.label for r in missing]))
    return needed


def check_open(procedure: Procedure, openness: Openness | None) -> None:
    """Refuse while the calendar says the counter does not take the procedure (hours, a closure)."""
    if openness is not None and not openness.open:
        raise Refusal("counter_closed", procedure=procedure.name, reasons=_join([r.text for r in openness.reasons]))


def _check_known(catalog: Catalog, visit: Visit) -> None:
    if visit.applicant not in APPLICANT_TYPES:
        raise input_error("unknown_applicant", applicant=visit.applicant, choices=', '.join(APPLICANT_TYPES))
    for doc in visit.documents:
        if doc not in catalog.documents:
            raise input_error("unknown_document", doc=doc)
    for cond in visit.conditions:
        if cond not in catalog.conditions:
            raise input_error("unknown_condition", cond=cond, choices=', '.join(catalog.conditions))


_CHANNELS = rules_section("rules.channel")  # texts in rules/messages.yaml


def _channel_label(channel: str) -> Text:
    return _CHANNELS.get(channel, Text(channel))


def _join(texts: list[Text]) -> Text:
    return Text.combine(lambda lang, s: (", " if lang in SPACED else "、").join(s), *texts)
