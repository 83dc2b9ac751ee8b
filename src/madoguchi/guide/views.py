"""Public pages: the procedures, one page each, rendered from the catalog."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from madoguchi.core import clock
from madoguchi.rules.catalog import APPLICANT_TYPES
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.guide_plan import month_of
from madoguchi.core.city import municipality

NEXT_OPEN_DAYS = 5


def root(request: HttpRequest) -> HttpResponse:
    return redirect("guide:procedures", lang="ja")


def procedure_list(request: HttpRequest, lang: str) -> HttpResponse:
    m = municipality()
    today = clock.today()
    procedures = [
        {"procedure": p, "fee": p.fee_on(today) if p.in_force(today) else None} for p in m.catalog.all()
    ]
    return render(request, "guide/procedure_list.html", {"procedures": procedures})


def procedure_detail(request: HttpRequest, lang: str, procedure_id: str) -> HttpResponse:
    m = municipality()
    try:
        procedure = m.catalog.get(procedure_id)
    except RulesInputError:
        raise Http404(procedure_id) from None
    today = clock.today()
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
        next_days = m.next_open_days(procedure.id, today, NEXT_OPEN_DAYS)
        horizon_end = next_days[-1].date if next_days else today
        nearby_closed = [
            d for d in m.days(procedure.id, today, horizon_end) if not d.open and "office_closed" not in d.reason_codes
        ]
    month = None
    if next_days:
        month = month_of(m, procedure.id, next_days[0].date.year, next_days[0].date.month)
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
            "sources": m.sources_for_residents(procedure.sources),
        },
    )
