"""The supervisor's audit search (filled in below)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import role_required
from .roles import AUDIT_READERS


@role_required(*AUDIT_READERS)
def audit_search(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/audit.html", {"lang": "ja"})
