"""API endpoints of the guide capability: the interview's outcome as JSON.

`POST /api/v1/guide` takes the answers the pages keep in their query string
and returns either the next question to ask or the outcome, asking the same
rules as the pages (rules/guide.py, rules/guide_plan.py).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from madoguchi import clock
from madoguchi.guide.api_schemas import GuideError, GuideRequest, GuideResponse, UnreadableBody, ValidationErrors
from madoguchi.guide.api_views import guide_response
from madoguchi.rules.guide import GuideInputError
from madoguchi.web.messages import message

router = Router(tags=["guide"])


@router.post(
    "",
    response={200: GuideResponse, 400: GuideError | UnreadableBody, 422: ValidationErrors},
    summary="The next question, or the procedures to do",
    operation_id="guide_outcome",
)
def guide(request: HttpRequest, body: GuideRequest):
    try:
        return Status(200, guide_response(body.answers, body.lang, clock.today()))
    except GuideInputError as e:
        return Status(400, {
            "code": "unknown_answer",
            "message": message("guide.error.unknown_answer", body.lang, value=e.value),
            "question": e.question,
            "value": e.value,
        })
