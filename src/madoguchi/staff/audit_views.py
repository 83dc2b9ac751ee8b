"""The supervisor's audit screen: search the log; verify the chain on demand."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from madoguchi.core.roles import AUDIT_READERS

from .access import role_required, staff_actor
from .audit_search import AuditSearchForm, search_audit_log, verify_audit_chain


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*AUDIT_READERS)
def audit_search(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    report = verify_audit_chain(actor) if request.method == "POST" and "verify" in request.POST else None
    form = AuditSearchForm(request.GET)
    result = search_audit_log(actor, form, request.GET.get("page")) if form.is_valid() else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {"lang": "ja", "form": form, "result": result, "report": report, "query": query.urlencode()}
    return render(request, "staff/audit.html", context, status=200 if form.is_valid() else 400)
