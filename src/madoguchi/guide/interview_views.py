"""The interview pages: one question a page, answers in the query string.

GET only, no session, no JavaScript: each question is a form whose hidden
fields carry every other answer (later ones too, so that going back and
forward again keeps them); `next` decides where to go from the answer given.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.core import clock
from madoguchi.rules.guide import GuideInputError, IncompleteAnswers, outcome, questions, route
from madoguchi.rules.guide_plan import plan
from madoguchi.web.messages import message
from madoguchi.core.city import municipality
from madoguchi.web.page_cache import shared_page

from . import answers as query
from .presenters import answer_label, hint, options, question_title


def _question_url(lang: str, question_id: str, answers: dict[str, str]) -> str:
    url = reverse("guide:question", kwargs={"lang": lang, "question_id": question_id})
    return f"{url}?{query.encode(answers)}" if answers else url


def _outcome_url(lang: str, answers: dict[str, str]) -> str:
    return f"{reverse('guide:outcome', kwargs={'lang': lang})}?{query.encode(answers)}"


@shared_page
def start(request: HttpRequest, lang: str) -> HttpResponse:
    return render(request, "guide/start.html", {"first_url": _question_url(lang, "situation", {})})


def bad_answer(request: HttpRequest, lang: str, answers: dict[str, str], error: GuideInputError) -> HttpResponse:
    """An answer that is no option (a hand-edited link): say so, and offer the question again."""
    return render(
        request,
        "guide/bad_answer.html",
        {
            "value": error.value,
            "question_title": question_title(error.question, lang),
            "retry_url": _question_url(lang, error.question, query.without(answers, error.question)),
        },
        status=400,
    )


@shared_page
def question(request: HttpRequest, lang: str, question_id: str, error: str | None = None) -> HttpResponse:
    m = municipality()
    qs = questions(m)
    if question_id not in qs:
        return redirect(_question_url(lang, "situation", {}))
    answers = query.read(m, request.GET)
    try:
        progress = route(m, answers)
    except GuideInputError as e:
        if e.question != question_id:
            return bad_answer(request, lang, answers, e)
        answers = query.without(answers, question_id)  # a bad value for this question: just ask it
        progress = route(m, answers)
    # A question off the route (a link from an older interview): go where the route is.
    route_ids = list(progress.asked) + ([progress.next] if progress.next else [])
    if question_id not in route_ids:
        if progress.next is None:
            return redirect(_outcome_url(lang, answers))
        return redirect(_question_url(lang, progress.next, answers))
    position = route_ids.index(question_id)
    previous = route_ids[position - 1] if position > 0 else None
    back_url = (
        _question_url(lang, previous, answers) if previous else reverse("guide:start", kwargs={"lang": lang})
    )
    today = clock.today()
    return render(
        request,
        "guide/question.html",
        {
            "question_id": question_id,
            "title": question_title(question_id, lang),
            "hint": hint(m, question_id, lang),
            "options": options(m, qs[question_id], lang, today),
            "chosen": answers.get(question_id),
            "hidden": query.without(answers, question_id),
            "back_url": back_url,
            "number": position + 1,
            "error": error,
        },
        status=400 if error else 200,
    )


def next_page(request: HttpRequest, lang: str) -> HttpResponse:
    """Where to go after answering `from`: the next question on the route, or the outcome."""
    m = municipality()
    answers = query.read(m, request.GET)
    answered = request.GET.get("from", "")
    if answered not in questions(m):
        return redirect(_question_url(lang, "situation", answers))
    if answered not in answers:
        return question.__wrapped__(request, lang, answered, error=message("guide.error.choose", lang))
    try:
        progress = route(m, answers)
    except GuideInputError as e:
        return bad_answer(request, lang, answers, e)
    route_ids = list(progress.asked) + ([progress.next] if progress.next else [])
    position = route_ids.index(answered) if answered in route_ids else -1
    if 0 <= position < len(route_ids) - 1:
        return redirect(_question_url(lang, route_ids[position + 1], answers))
    if progress.next is not None:
        return redirect(_question_url(lang, progress.next, answers))
    return redirect(_outcome_url(lang, answers))


def outcome_context(request: HttpRequest, lang: str) -> dict | HttpResponse:
    """The outcome's data, or the response to give instead (a question still to ask)."""
    m = municipality()
    answers = query.read(m, request.GET)
    try:
        result = outcome(m, answers)
    except GuideInputError as e:
        return bad_answer(request, lang, answers, e)
    except IncompleteAnswers as e:
        return redirect(_question_url(lang, e.question, answers))
    today = clock.today()
    steps, alternatives = plan(m, result, today, clock.time_of_day())
    kept = dict(result.answers)
    return {
        "outcome": result,
        "steps": steps,
        "alternatives": alternatives,
        "applicant": m.catalog.applicants[result.applicant],
        "applicants": m.catalog.applicants,
        "catalog": m.catalog,
        "office": m.city.office(),
        "suspension_lines": m.city.contacts_for("suspension") if result.calls_suspension_line else [],
        "your_answers": [
            {
                "title": question_title(q, lang),
                "answer": answer_label(m, q, v, lang, today),
                "change_url": _question_url(lang, q, kept),
            }
            for q, v in kept.items()
        ],
        "query": query.encode(kept),
        "today": today,
        "start_url": reverse("guide:start", kwargs={"lang": lang}),
    }


@shared_page
def outcome_page(request: HttpRequest, lang: str) -> HttpResponse:
    context = outcome_context(request, lang)
    if isinstance(context, HttpResponse):
        return context
    return render(request, "guide/outcome.html", context)
