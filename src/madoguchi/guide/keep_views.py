"""Print and keep: the checklist as a PDF, a chosen counter day as an ICS file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from madoguchi.core import clock
from madoguchi.core.city import municipality

from madoguchi.core.furigana import plain
from madoguchi.web.page_cache import shared_page

from .ics import parse_day, visit_calendar
from .interview_views import outcome_context
from .pdf import checklist_pdf


@shared_page
def checklist(request: HttpRequest, lang: str) -> HttpResponse:
    context = outcome_context(request, lang)
    if isinstance(context, HttpResponse):
        return context
    pdf = checklist_pdf({**context, "lang": lang, "city": municipality().city}, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="madoguchi-checklist.pdf"'
    return response


@shared_page
def visit(request: HttpRequest, lang: str) -> HttpResponse:
    context = outcome_context(request, lang)
    if isinstance(context, HttpResponse):
        return context
    m = municipality()
    procedure_id = request.GET.get("procedure", "")
    step = next((s for s in context["steps"] if s.procedure.id == procedure_id), None)
    day = parse_day(request.GET.get("day", ""))
    # Only a day the page offered: an open day of that step, from today on.
    status = next((d for d in step.next_open_days if d.date == day), None) if step is not None else None
    if status is None:
        return render(request, "guide/bad_day.html", {"back_url": f"{reverse('guide:outcome', kwargs={'lang': lang})}?{context['query']}"}, status=400)
    checklist_lines = [r.label.get(lang) for r in step.requirements]
    body = visit_calendar(
        step.procedure, m.city.office(), status, lang, clock.TOKYO, clock.now(), checklist_lines
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plain(procedure_id)}-{day.isoformat()}.ics"'
    return response
