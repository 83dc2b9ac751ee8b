"""API endpoints of the guide capability: the interview's outcome as JSON.

`POST /api/v1/guide` takes the answers the pages keep in their query string
and returns either the next question to ask or the outcome, asking the same
rules as the pages (rules/guide.py, rules/guide_plan.py). The documented
shapes are here too; an error is a Problem (api/problems.py).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from madoguchi.core import clock
from madoguchi.core.problems import ProblemError
from madoguchi.guide.api_views import guide_response
from madoguchi.rules.guide import GuideInputError

from .problems import Problem, problem_response

router = Router(tags=["guide"])

Language = Literal["ja", "en", "easy"]


class GuideRequest(Schema):
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answers by question id (situation, moved, lost_where, lost_found, urgent, return_case, "
        "pin_which, pin_state, pin_other, certificate_state, age, applicant); the same as the pages' query string.",
        examples=[{"situation": "lost", "lost_where": "outside", "lost_found": "not-found", "urgent": "not-urgent",
                   "age": "adult", "applicant": "self"}],
    )
    lang: Language = Field("ja", description="Language of the texts: ja, en or easy (やさしい日本語).")


class OptionOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    id: str
    title: str
    options: list[OptionOut]


class CodeText(Schema):
    code: str
    text: str


class LineOut(Schema):
    label: str
    phone: str | None
    fax: str | None


class RequirementOut(Schema):
    document: str
    condition: str | None
    label: str


class FeeItemOut(Schema):
    item: str
    label: str
    yen: int
    optional: bool


class FeeOut(Schema):
    total: int
    total_without_optional: int
    items: list[FeeItemOut]
    note: str | None


class OfficeOut(Schema):
    name: str
    address: str
    map_url: str


class OpenDayOut(Schema):
    date: date
    hours: list[str] = Field(description="HH:MM-HH:MM intervals")


class ClosedDayOut(Schema):
    date: date
    reasons: list[CodeText]


class ProcessingOut(Schema):
    same_day: bool
    typical_days: int | None
    summary: str
    next_steps: list[str]


class StepOut(Schema):
    procedure_id: str
    name: str
    case: CodeText | None
    applicant_allowed: bool
    allowed_applicants: list[str]
    requirements: list[RequirementOut]
    fee: FeeOut | None
    channels: list[str]
    service_hours: str
    office: OfficeOut | None
    days_from: date | None = Field(description="Days are looked up from here when earlier steps take time")
    next_open_days: list[OpenDayOut]
    closed_days: list[ClosedDayOut]
    processing: ProcessingOut
    warnings: list[str]
    booking_url: str | None
    procedure_url: str


class OutcomeOut(Schema):
    answers: dict[str, str]
    applicant: str
    act_now: list[CodeText]
    suspension_lines: list[LineOut]
    notes: list[str]
    steps: list[StepOut]
    alternatives: list[StepOut]


class GuideResponse(Schema):
    complete: bool = Field(description="False while a question is still to be answered")
    next_question: QuestionOut | None
    outcome: OutcomeOut | None


@router.post(
    "",
    response={200: GuideResponse, 400: Problem, 422: Problem},
    summary="The next question, or the procedures to do",
    operation_id="guide_outcome",
)
def guide(request: HttpRequest, body: GuideRequest):
    try:
        return Status(200, guide_response(body.answers, body.lang, clock.today(), clock.time_of_day()))
    except GuideInputError as e:
        error = ProblemError("unknown_answer", key="guide.error.unknown_answer", params={"value": e.value}, status=400,
                             field="answers." + e.question, extra={"question": e.question, "value": e.value})
        return problem_response(error, body.lang)
