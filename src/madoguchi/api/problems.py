"""The API's one error shape: `Problem`, RFC 9457 `application/problem+json`.

Every error the API answers, its own (a service's ProblemError) and the
framework's (an unreadable body 400, 401, an unknown path 404, 405, a body too
large 413, request validation 422, a lock or statement that hit its bound
503, a server error 500), is one `Problem` body made by `problem_response`
from a madoguchi.core.problems.ProblemError. The OpenAPI document says so:
every 4xx and 5xx response of every operation references `Problem` under
`application/problem+json` (`document_problems`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from madoguchi.core.problems import ProblemError, busy, is_overload
from madoguchi.rules.text import DEFAULT_LANGUAGE, LANGUAGES

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
SCHEMA_REF = "#/components/schemas/Problem"


class FieldError(Schema):
    loc: list[str | int] = Field(..., description="Where: body, query or path, then the field's path")
    msg: str = Field(..., description="What is wrong with it (English, from the validator)")
    type: str = Field(..., description="The validator's error type, e.g. missing, int_parsing")


class Problem(Schema):
    """Why the request was not done (RFC 9457), with the members earlier clients read.

    Nothing was changed when a Problem is answered.
    """

    type: str = Field(..., description="RFC 9457 problem type; `code` names the problem precisely")
    title: str = Field(..., description="The HTTP status's phrase, e.g. Conflict")
    status: int = Field(..., description="The HTTP status code, repeated")
    detail: str = Field(..., description="What is wrong and what to do, in the language asked (`lang`, default ja)")
    code: str = Field(..., description="What went wrong, stable for clients to branch on: full, busy, no_card, invalid ...")
    message: str = Field(..., description="The same as `detail` (kept for clients written before RFC 9457)")
    field: str | None = Field(None, description="The request field at fault, if one is")
    retry_after: int | None = Field(None, description="Seconds to wait before trying again (busy, locked); also the Retry-After header")
    errors: list[FieldError] | None = Field(None, description="Request validation (422): each field at fault")
    alternatives: list[dict[str, Any]] | None = Field(
        None, description="Booking, when full: the next slots of the same procedure that still have room (at most 5), each as in GET /slots")
    offers: list[str] | None = Field(None, description="Counter: the actions that may be done instead")
    message_ja: str | None = Field(None, description="Counter: the message in Japanese")
    message_en: str | None = Field(None, description="Counter: the message in English")
    question: str | None = Field(None, description="Guide: the question whose answer is unknown")
    value: str | None = Field(None, description="Guide: the answer that is not one of its options")


def request_language(request: HttpRequest) -> str:
    """The language asked: `?lang=` (ja, en or easy), else English if Accept-Language puts it first, else Japanese."""
    lang = request.GET.get("lang", "")
    if lang in LANGUAGES:
        return lang
    accept = request.headers.get("Accept-Language", "").split(",")[0].strip().lower()
    return "en" if accept.startswith("en") else DEFAULT_LANGUAGE


def problem_response(error: ProblemError, lang: str, **extra: Any) -> HttpResponse:
    """The one way the API answers an error: `Problem` as application/problem+json, Retry-After when it helps."""
    response = JsonResponse(error.body(lang, **extra), status=error.status, content_type=MEDIA_TYPE,
                            json_dumps_params={"ensure_ascii": False})
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    response["Cache-Control"] = "no-store"
    return response


# --- the framework's errors, each as a problem ---


def unreadable_body() -> ProblemError:
    return ProblemError("unreadable_body", key="problem.unreadable_body", status=400)


def bad_request() -> ProblemError:
    return ProblemError("bad_request", key="problem.bad_request", status=400)


def unauthorized() -> ProblemError:
    return ProblemError("unauthorized", key="problem.unauthorized", status=401)


def not_found() -> ProblemError:
    return ProblemError("not_found", key="problem.not_found", status=404)


def method_not_allowed(method: str, allowed: str) -> ProblemError:
    return ProblemError("method_not_allowed", key="problem.method_not_allowed", params={"method": method, "allowed": allowed},
                        status=405)


def too_large() -> ProblemError:
    return ProblemError("too_large", key="problem.too_large", params={"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}, status=413)


def server_error() -> ProblemError:
    return ProblemError("server_error", key="problem.server_error", status=500)


def date_out_of_range(field: str) -> ProblemError:
    return ProblemError("date_out_of_range", key="problem.date_out_of_range", params={"field": field}, status=422, field=field)


def _field_path(loc: list | tuple) -> str:
    """`slot_id` for ("body", "body", "slot_id"): django-ninja puts the source, then a body's parameter name."""
    parts = list(loc[2:] if loc and loc[0] == "body" and len(loc) > 2 else loc[1:])
    return ".".join(str(part) for part in parts) or str(loc[0])


def invalid(errors: list[dict]) -> tuple[ProblemError, list[dict]]:
    """Request validation (422): the fields at fault, and each error without the value that was sent."""
    cleaned = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))} for e in errors]
    fields = list(dict.fromkeys(_field_path(e["loc"]) for e in cleaned if e["loc"]))
    error = ProblemError("invalid", key="problem.invalid", params={"fields": ", ".join(fields)}, status=422,
                         field=fields[0] if fields else None)
    return error, cleaned


def install(api: NinjaAPI) -> None:
    """Answer every error django-ninja raises as a problem."""

    @api.exception_handler(ProblemError)
    def _problem(request, exc: ProblemError):
        return problem_response(exc, request_language(request))

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        error, errors = invalid(exc.errors)
        return problem_response(error, request_language(request), errors=errors)

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        if isinstance(exc, AuthenticationError):
            error = unauthorized()
        elif exc.status_code == 400:  # django-ninja's only 400: a body it cannot parse
            error = unreadable_body()
        else:  # none of ours raises another (no throttles, no permissions by HttpError)
            error = ProblemError("refused", key="problem.refused", params={"status": exc.status_code}, status=exc.status_code)
        response = problem_response(error, request_language(request))
        if error.status == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def _missing(request, exc: Http404):
        return problem_response(not_found(), request_language(request))

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request, exc: RequestDataTooBig):
        return problem_response(too_large(), request_language(request))

    @api.exception_handler(Exception)
    def _unexpected(request, exc: Exception):
        if is_overload(exc):
            log.warning("API %s %s: busy (%s)", request.method, request.path, type(exc).__name__)
            return problem_response(busy(), request_language(request))
        raise exc  # Django logs it and answers through madoguchi.errors.server_error


def api_problem(request: HttpRequest, status: int, exception: BaseException | None = None) -> HttpResponse:
    """A problem for an error Django answers outside django-ninja (madoguchi/errors.py)."""
    lang = request_language(request)
    if status == 404:
        return problem_response(not_found(), lang)
    if status == 400:
        return problem_response(too_large() if isinstance(exception, RequestDataTooBig) else bad_request(), lang)
    if status == 403:  # a PermissionDenied or a CSRF failure under /api/
        return problem_response(ProblemError("refused", key="problem.refused", params={"status": 403}, status=403), lang)
    if exception is not None and is_overload(exception):
        return problem_response(busy(), lang)
    return problem_response(server_error(), lang)


def with_405_problem(view):
    """Wrap a django-ninja path view so a method it does not serve is a 405 problem (it answers plain text)."""
    import functools

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(MEDIA_TYPE):
            allowed = response.get("Allow", "")
            problem = problem_response(method_not_allowed(request.method or "", allowed), request_language(request))
            problem["Allow"] = allowed
            return problem
        return response

    return wrapped


def document_problems(schema: dict) -> dict:
    """Every error response of every operation: `Problem`, as application/problem+json.

    Adds the errors any operation may answer (422 when it takes parameters,
    400 and 413 when it takes a body, 401 when it needs a token, 500 and 503
    always) and moves each 4xx/5xx response to the problem media type.
    """
    problem = {MEDIA_TYPE: {"schema": {"$ref": SCHEMA_REF}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            # django-ninja keys responses by int; the document's JSON by string
            responses = {str(status): response for status, response in operation.get("responses", {}).items()}
            operation["responses"] = responses
            statuses = {"500": "Internal Server Error", "503": "Busy: try again after Retry-After seconds"}
            if operation.get("parameters") or operation.get("requestBody"):
                statuses["422"] = "Request validation failed"
            if operation.get("requestBody"):
                statuses["400"] = "The body is not readable JSON"
                statuses["413"] = "The body is too large"
            if operation.get("security"):
                statuses["401"] = "No valid token"
            for status, description in statuses.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = problem
    definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definitions.pop("$defs", {}))
    components["Problem"] = definitions
    return schema
