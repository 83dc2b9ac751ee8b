"""Public pages: the procedures, one page each, rendered from the catalog."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from madoguchi.core import clock
from madoguchi.rules.calendar import worth_telling
from madoguchi.rules.catalog import APPLICANT_TYPES
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.guide_plan import first_offered_day, month_of
from madoguchi.core.city import municipality
from madoguchi.web.page_cache import shared_page

NEXT_OPEN_DAYS = 5


def root(request: HttpRequest) -> HttpResponse:
    return redirect("guide:procedures", lang="ja")


@shared_page
def procedure_list(request: HttpRequest, lang: str) -> HttpResponse:
    """The home page: "lost your card?" with the 24-hour lines first, then the procedures by group."""
    m = municipality()
    today = clock.today()

    def row(p):
        return {"procedure": p, "fee": p.fee_on(today) if p.in_force(today) else None}

    groups = [{"group": g, "rows": [row(m.catalog.get(pid)) for pid in g.procedures]} for g in m.catalog.groups]
    if not groups:  # a city whose data names no groups: one flat list
        groups = [{"group": None, "rows": [row(p) for p in m.catalog.all()]}]
    urgent = next((p for p in m.catalog.all() if p.urgent and p.contacts), None)
    return render(
        request,
        "guide/procedure_list.html",
        {
            "groups": groups,
            "lost": urgent,
            "suspension_lines": m.contacts_for_procedure(urgent.id) if urgent else [],
            "lost_guide_url": _lost_guide_url(lang),
        },
    )


def _lost_guide_url(lang: str) -> str:
    """The guide's interview with "I lost my card" already answered."""
    return reverse("guide:question", kwargs={"lang": lang, "question_id": "lost_where"}) + "?situation=lost"


@shared_page
def procedure_detail(request: HttpRequest, lang: str, procedure_id: str) -> HttpResponse:
    m = municipality()
    try:
        procedure = m.catalog.get(procedure_id)
    except RulesInputError:
        raise Http404(procedure_id) from None
    today = clock.today()
    at = clock.time_of_day()
    in_force = procedure.in_force(today)
    applicants = [
        {
            "applicant": m.catalog.applicants[a],
            "allowed": a in procedure.applicants,
            "requirements": procedure.applicants.get(a, ()),
        }
        for a in APPLICANT_TYPES
    ]
    next_days = []
    nearby_closed = []
    if procedure.service_hours == "counter" and in_force:
        next_days = m.next_open_days(procedure.id, today, NEXT_OPEN_DAYS, after=at)
        horizon_end = next_days[-1].date if next_days else today
        nearby_closed = [d for d in m.days(procedure.id, today, horizon_end) if worth_telling(d)]
    month = None
    if next_days:
        first = first_offered_day(m, procedure.id, today, at)
        month = month_of(m, procedure.id, next_days[0].date.year, next_days[0].date.month, first)
    follow_ups = [{"follow_up": f, "procedure": m.catalog.get(f.procedure)} for f in procedure.follow_ups]
    return render(
        request,
        "guide/procedure_detail.html",
        {
            "procedure": procedure,
            "in_force": in_force,
            "fee": procedure.fee_on(today) if in_force else procedure.fees[-1],
            "applicants": applicants,
            "next_days": next_days,
            "nearby_closed": nearby_closed,
            "follow_ups": follow_ups,
            "month": month,
            "office": m.city.office(),
            "suspension_lines": m.contacts_for_procedure(procedure.id),
            "first": [
                {"procedure": m.catalog.get(f), "lines": m.contacts_for_procedure(f)} for f in procedure.first
            ],
            "sources": m.sources_for_residents(procedure.sources),
        },
    )
