"""The supervisors' queue pages: the windows now (open, what each calls, who calls
there, the waiting per group) and the estimates' error per procedure and hour.
Reads only; the windows are changed with `madoguchi manage queue_window`."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from madoguchi.audit.models import AuditEntry
from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.staff.access import role_required

from ..models import DayWait, Ticket
from ..services.board import office_state
from ..services.figures import figures_of_day
from ..services.windows import windows
from .staff import _office

SUPERVISORS = ("supervisor", "administrator")


def _callers(office: str) -> dict[int, str]:
    """The staff member who last called at each window today (from the audit log)."""
    start = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    window_of = dict(Ticket.objects.filter(office_id=office, day=clock.today()).values_list("pk", "window"))
    callers: dict[int, str] = {}
    for subject, actor in (AuditEntry.objects.filter(action__in=("call", "recall"), subject_type="queue-ticket", at__gte=start)
                           .order_by("-at").values_list("subject_id", "actor")):
        w = window_of.get(int(subject)) if subject.isdigit() else None
        if w is not None and w not in callers:
            callers[w] = actor
    return callers


@role_required(*SUPERVISORS)
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    catalog = municipality().catalog
    state = office_state(office)
    current = {}
    for t in Ticket.objects.filter(office_id=office, day=clock.today(), state__in=(Ticket.State.CALLED, Ticket.State.SERVING)):
        current.setdefault(t.window, []).append(t.label)
    callers = _callers(office)
    rows = [{"window": w, "names": [catalog.get(p).name.ja for p in w.procedures], "caller": callers.get(w.number, ""),
             "current": current.get(w.number, [])} for w in windows(office)]
    groups = [{**g, "label": g["name"]["ja"], "label_en": g["name"]["en"],
               "windows": [w.number for w in windows(office) if w.open and set(w.procedures) & set(g["procedures"])]}
              for g in state.groups]
    return render(request, "queue/staff/overview.html", {"lang": "ja", "office": office, "windows": rows, "groups": groups})


@role_required(*SUPERVISORS)
@never_cache
def estimates(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    try:
        day = date.fromisoformat(request.GET.get("day") or clock.today().isoformat())
        bad_day = False
    except ValueError:
        day, bad_day = clock.today(), True
    catalog = municipality().catalog
    rows = [{"figures": f, "name": catalog.get(f.procedure_id).name.ja} for f in figures_of_day(day, office)]
    return render(request, "queue/staff/estimates.html", {
        "lang": "ja", "office": office, "day": day, "bad_day": bad_day, "rows": rows,
        "kept": DayWait.objects.filter(day=day, office_id=office).exists()})
