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
from ..errors import RulesInputError
from ..text import Text
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
    if openness is not None and not openness.open:
        raise Refusal("counter_closed", procedure=procedure.name, reasons=_join([r.text for r in openness.reasons]))
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


def _check_known(catalog: Catalog, visit: Visit) -> None:
    if visit.applicant not in APPLICANT_TYPES:
        raise RulesInputError(
            "unknown_applicant",
            f"Unknown applicant type {visit.applicant!r}; use one of {', '.join(APPLICANT_TYPES)}.",
            f"申請者の種類 {visit.applicant!r} はありません。{', '.join(APPLICANT_TYPES)} のいずれかを指定してください。",
        )
    for doc in visit.documents:
        if doc not in catalog.documents:
            raise RulesInputError(
                "unknown_document",
                f"Unknown document {doc!r}; the documents are those listed for the procedure.",
                f"書類 {doc!r} はありません。手続の必要書類の一覧から選んでください。",
            )
    for cond in visit.conditions:
        if cond not in catalog.conditions:
            raise RulesInputError(
                "unknown_condition",
                f"Unknown circumstance {cond!r}; use one of {', '.join(catalog.conditions)}.",
                f"状況 {cond!r} はありません。{', '.join(catalog.conditions)} のいずれかです。",
            )


_CHANNELS = {
    "counter": Text("窓口", "the counter", "まどぐち"),
    "phone": Text("電話", "phone", "でんわ"),
    "kiosk": Text("キオスク端末", "a kiosk", "コンビニの きかい"),
    "online": Text("オンライン", "online", "インターネット"),
}


def _channel_label(channel: str) -> Text:
    return _CHANNELS.get(channel, Text(channel, channel, channel))


def _join(texts: list[Text]) -> Text:
    return Text(
        ja="、".join(t.ja for t in texts),
        en=", ".join(t.en for t in texts),
        easy="、".join(t.easy for t in texts),
    )
