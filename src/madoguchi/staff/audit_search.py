"""Searching the audit log (the supervisor's screen). Reading the log is itself
personal-data access, so every search leaves an entry of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet

from madoguchi.core import clock
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import Actor, ChainReport, record, verify_chain
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.web.forms import LabelledForm
from madoguchi.web.messages import both

PER_PAGE = 50


def _no_my_number(value: str) -> str:
    """A filter is kept in the audit entry of the search itself: no 12-digit
    number (a My Number, or one mistyped) is taken (core.inputs)."""
    try:
        return check_line(value, any_twelve_digits=True)
    except FreeTextError as e:
        raise forms.ValidationError(str(e), code=e.code) from None


class AuditSearchForm(LabelledForm):
    labels = {"actor": "staff.audit.actor", "date_from": "staff.audit.date_from", "date_to": "staff.audit.date_to",
              "action": "staff.audit.action", "resident": "staff.audit.resident", "reason": "staff.audit.reason"}
    actor = forms.CharField(required=False, max_length=150)
    date_from = forms.DateField(required=False, error_messages={"invalid": ""}, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, error_messages={"invalid": ""}, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(required=False, choices=())
    resident = forms.CharField(required=False, max_length=64)
    reason = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", both("staff.audit.any_action"))] + [(a, a) for a in actions]
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = both("staff.audit.bad_date")
        self.fields["action"].error_messages["invalid_choice"] = both("staff.audit.bad_action")

    def clean_actor(self):
        return _no_my_number(self.cleaned_data["actor"].strip())

    def clean_resident(self):
        return _no_my_number(self.cleaned_data["resident"].strip())

    def clean_reason(self):
        return _no_my_number(self.cleaned_data["reason"].strip())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", both("staff.audit.range_backwards"))
        return data

    def filters(self) -> dict[str, str]:
        """The filters in use, as text: what the search's own audit entry records."""
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in ("", None)}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.TOKYO)


def matching_entries(criteria: dict) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if criteria.get("actor"):
        entries = entries.filter(actor=criteria["actor"])
    if criteria.get("date_from"):
        entries = entries.filter(at__gte=_start_of(criteria["date_from"]))
    if criteria.get("date_to"):
        entries = entries.filter(at__lt=_start_of(criteria["date_to"] + timedelta(days=1)))
    if criteria.get("action"):
        entries = entries.filter(action=criteria["action"])
    if criteria.get("resident"):
        entries = entries.filter(resident_id=criteria["resident"])
    if criteria.get("reason"):
        entries = entries.filter(reason__icontains=criteria["reason"])
    return entries.order_by("-id")


@dataclass(frozen=True)
class SearchResult:
    page: Page
    total: int


def search_audit_log(actor: Actor, form: AuditSearchForm, page_number: str | int | None) -> SearchResult:
    """Run a valid search and record that the log was read (which filters, which page)."""
    with transaction.atomic():
        paginator = Paginator(matching_entries(form.cleaned_data), PER_PAGE)
        page = paginator.get_page(page_number)
        list(page.object_list)  # read inside the transaction, before the entry of this read
        record(actor, "read", "audit-log", "search", detail={"filters": form.filters(), "page": page.number, "shown": len(page.object_list)})
    return SearchResult(page, paginator.count)


def verify_audit_chain(actor: Actor) -> ChainReport:
    """Check the whole chain now, and record who asked and what it found."""
    report = verify_chain()
    with transaction.atomic():
        record(actor, "verify", "audit-log", "chain", detail={"ok": report.ok, "checked": report.checked, "first_bad_id": report.first_bad_id})
    return report
