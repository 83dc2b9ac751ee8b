"""The clerk's pages: thin. They read the request, call a service, render."""

from __future__ import annotations

from datetime import date
from typing import get_origin

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from pydantic import ValidationError

from madoguchi.core import clock
from madoguchi.core.inputs import FreeTextError, check_line
from madoguchi.audit.services import record
from madoguchi.rules.lifecycle.actions import VISIT_FIELDS
from madoguchi.rules.lifecycle.visit import required
from madoguchi.rules.text import LANGUAGES
from madoguchi.staff.access import can_reveal_my_number, staff_actor, staff_required
from madoguchi.web.messages import both, both_text, message, pair
from madoguchi.core.city import municipality
from madoguchi.rules.licence import licence_warning

from .actions import CounterAction, counter_action
from .models import Card, Case
from .pdf import case_copy_pdf_bytes, prefilled_form_pdf_bytes, receipt_pdf_bytes
from .services import my_number, residents
from .services.errors import CounterError
from .services.visits import refusal_now

@staff_required
@never_cache
def search(request: HttpRequest) -> HttpResponse:
    q = {k: request.GET.get(k, "").strip() for k in ("kana", "birth_date", "address")}
    found, error, status = None, None, 200
    if any(q.values()):
        try:
            birth = residents.parse_birth_date(q["birth_date"])
            found = residents.search(staff_actor(request), kana=q["kana"], birth_date=birth, address=q["address"])
        except CounterError as e:
            error, status = e, e.status
    return render(request, "counter/search.html", {"lang": "ja", "q": q, "found": found, "error": error}, status=status)


@staff_required
@never_cache
def resident(request: HttpRequest, resident_id: int, revealed: str = "") -> HttpResponse:
    try:
        person, cards = residents.open_resident(staff_actor(request), resident_id)
    except CounterError as e:
        raise Http404(e.message_en) from None
    context = {
        "lang": "ja",
        "resident": person,
        "masked": my_number.masked(person),
        "revealed": revealed,
        "can_reveal": can_reveal_my_number(request.user),
        "cards": [{"view": v, "offered": v.offered} for v in cards],
        "cases": person.cases.select_related("receipt").order_by("-completed_at")[:20],
        "done_case": _just_done(person, request.GET.get("case", "")),
        "languages": LANGUAGES,
    }
    return render(request, "counter/resident.html", context)


def _just_done(person, case_id: str) -> Case | None:
    """The case a procedure just completed (from its redirect), if it is this resident's."""
    if not case_id.isdigit():
        return None
    return person.cases.select_related("receipt").filter(pk=int(case_id)).first()


@staff_required
@require_POST
def notice_language(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        residents.set_notice_language(staff_actor(request), resident_id, request.POST.get("language", ""))
    except CounterError as e:
        messages.error(request, both_text(e.text))
    return HttpResponseRedirect(reverse("counter:resident", args=[resident_id]))


@staff_required
@never_cache
@require_POST
def reveal(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        number = my_number.reveal_my_number(
            staff_actor(request), resident_id, allowed=can_reveal_my_number(request.user), reason=request.POST.get("reason", "")
        )
    except CounterError as e:
        messages.error(request, both_text(e.text))
        return HttpResponseRedirect(reverse("counter:resident", args=[resident_id]))
    return resident(request, resident_id, revealed=number)


@staff_required
@never_cache
@require_http_methods(["GET", "POST"])
def procedure(request: HttpRequest, card_id: int, action: str) -> HttpResponse:
    spec = counter_action(action)  # an API 1.0 name is answered too
    if spec is None:
        raise Http404("no such procedure")
    card = Card.objects.select_related("resident").filter(pk=card_id).first()
    if card is None:
        raise Http404("no such card")
    action = spec.name
    data = request.POST if request.method == "POST" else request.GET
    context = _form_context(card, spec, data, submitted=request.method == "POST")
    # What no input can change is said when the form opens, not after it is filled.
    context["refusal_now"] = refusal_now(card, action, context["procedure"].id if spec.is_visit else None)
    if spec.is_visit:
        context.update(_office_choice(request, data))
    if request.method == "GET":
        with transaction.atomic():  # the form shows the resident's name: a read
            record(staff_actor(request), "read", "resident", card.resident_id, resident_id=card.resident_id, reason=f"form {action}")
        return render(request, "counter/procedure.html", context)
    try:
        body = spec.schema(**_body(spec.schema, request.POST))
        result = spec.run(staff_actor(request), card.pk, body)
    except ValidationError as e:
        fields = _fields(e)
        context["error"] = {"code": "invalid", "ja": message("counter.form.invalid", "ja", fields=fields), "en": message("counter.form.invalid", "en", fields=fields)}
        return render(request, "counter/procedure.html", context, status=422)
    except CounterError as e:
        context["error"] = {"code": e.code, "ja": e.message_ja, "en": e.message_en, "offers": e.offers}
        return render(request, "counter/procedure.html", context, status=e.status)
    if spec.is_visit and result.case is not None and result.case.office_id:
        request.session[OFFICE_KEY] = result.case.office_id  # the clerk's next case is at the same office
    key = f"counter.action.{action}"
    messages.success(request, pair(*(message("counter.form.done", lang, action=message(key, lang)) for lang in ("ja", "en"))))
    for offer in result.outcome.offers:
        name = municipality().catalog.get(offer).name
        messages.info(request, f"{both('counter.form.offers')}: {both_text(name)}")
    back = reverse("counter:resident", args=[card.resident_id])
    # The resident's page opens with the case just done and its 控え and receipt to print.
    return HttpResponseRedirect(f"{back}?case={result.case.pk}" if result.case is not None else back)


OFFICE_KEY = "counter.office"  # the office of the clerk's last case in this session


def _office_choice(request: HttpRequest, data) -> dict:
    """The office the case is done at: the form's, else the session's last, else the city's first.
    A city with one office sees no choice (the form sends it hidden)."""
    offices = municipality().city.offices
    ids = [o.id for o in offices]
    chosen = next((v for v in (data.get("office"), request.session.get(OFFICE_KEY)) if v in ids), ids[0])
    return {"office": chosen, "offices": [(o.id, o.name) for o in offices] if len(offices) > 1 else []}


@staff_required
@require_http_methods(["GET", "POST"])
def prefilled_form(request: HttpRequest, card_id: int, action: str) -> HttpResponse:
    """書かない窓口: the form of the chosen procedure, filled in, to check and sign.
    The procedure form posts what the clerk has typed so far (a new address, a new
    name, the new end of stay), so the resident checks the new values, not only the
    register's; a POST keeps them out of the address bar and the logs."""
    card = Card.objects.select_related("resident").filter(pk=card_id).first()
    spec = counter_action(action)
    if card is None or spec is None or not spec.is_visit:
        raise Http404("no such card or procedure")
    data = request.POST if request.method == "POST" else request.GET
    context = _form_context(card, spec, data, submitted=request.method == "POST")
    proc = context["procedure"]
    with transaction.atomic():
        record(staff_actor(request), "read", "resident", card.resident_id, resident_id=card.resident_id, reason=f"prefilled form {proc.id}")
    refused = _refused_free_text(spec, data)
    if refused:
        # Not a PDF with it: the form again, saying what is wrong, the refused values not given back.
        kept = data.copy()
        for field, _ in refused:
            kept[field] = ""
        context = _form_context(card, spec, kept, submitted=True)
        # The header's language switch comes back to the procedure's form, not to this address and what it was given.
        context["next_here"] = reverse("counter:procedure", args=[card.pk, spec.name])
        context["error"] = {"code": refused[0][1].code, "title": "counter.form.prefilled_refused",
                            **{lang: " ".join(_field_refusal(field, error, lang) for field, error in refused) for lang in ("ja", "en")}}
        return render(request, "counter/procedure.html", context, status=422)
    applicant = municipality().catalog.applicants[context["applicant"]]
    name = data.get("applicant_name", "").strip() or card.resident.name
    pdf = prefilled_form_pdf_bytes(card, proc, name, applicant.name, clock.today(), typed=_typed_values(context["fields"]))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{proc.id}-{card.pk}.pdf"'
    return response


@staff_required
def receipt_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    case = Case.objects.select_related("resident", "receipt").filter(pk=case_id).first()
    if case is None or not hasattr(case, "receipt"):
        raise Http404("no receipt")
    with transaction.atomic():
        record(staff_actor(request), "read", "receipt", case.receipt.pk, resident_id=case.resident_id, reason="print receipt")
    response = HttpResponse(receipt_pdf_bytes(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.receipt.number}.pdf"'
    return response


@staff_required
def case_copy_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """控え: the resident's copy of any case, free or paid."""
    case = Case.objects.select_related("resident").filter(pk=case_id).first()
    if case is None:
        raise Http404("no case")
    with transaction.atomic():
        record(staff_actor(request), "read", "case", case.pk, resident_id=case.resident_id, reason="print case copy")
    response = HttpResponse(case_copy_pdf_bytes(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{case.pk}.pdf"'
    return response


def _refused_free_text(spec: CounterAction, data) -> list[tuple[str, FreeTextError]]:
    """The free texts the pre-filled form would print (who came, the action's own text
    fields) that the one free-text guard refuses, as the case's schema does: name and why."""
    refused = []
    for f in (*VISIT_FIELDS, *spec.spec.fields):
        if f.kind != "text" or f.my_number:
            continue
        try:
            check_line(str(data.get(f.name, "")), max_length=f.max_length or None)
        except FreeTextError as e:
            refused.append((f.name, e))
    return refused


def _field_refusal(field: str, error: FreeTextError, lang: str) -> str:
    label = "counter.form.applicant_name" if field == "applicant_name" else f"counter.field.{field}"
    return message("counter.form.field_refused", lang, field=message(label, lang), reason=error.text.get(lang))


def _form_context(card: Card, spec: CounterAction, data, *, submitted: bool = False) -> dict:
    m = municipality()
    context: dict = {"lang": "ja", "card": card, "resident": card.resident, "action": spec.name, "is_visit": spec.is_visit,
                     "data": data, "fields": _form_fields(spec, m, data, submitted), "error": None, "refusal_now": None}  # fmt: skip
    if not spec.is_visit:
        return context
    proc = m.catalog.get(spec.spec.procedure_for(data.get("procedure")))
    applicant = data.get("applicant_type") if data.get("applicant_type") in proc.applicants else next(iter(proc.applicants))
    conditions = tuple(data.getlist("conditions")) if hasattr(data, "getlist") else ()
    all_reqs = proc.requirements_for(applicant)
    fee = proc.fee_on(_today())
    # The circumstances to tick: those that change the documents, and those that make it free.
    circumstances = {c.id: c for r in all_reqs for c in (r.condition, r.unless) if c}
    circumstances.update({c.id: c for c in fee.free_when})
    procedures = spec.spec.procedures
    # マイナ免許証: the rules' warning before an application that would drop the licence.
    context["licence_warning"] = licence_warning(m, proc.id)
    context.update(
        procedure=proc,
        applicant=applicant,
        applicants=[(a, m.catalog.applicants[a].name) for a in proc.applicants],
        conditions=list(circumstances.values()),
        chosen_conditions=conditions,
        requirements=required(proc, applicant, conditions),
        checked=tuple(data.getlist("documents")) if hasattr(data, "getlist") else (),
        fee=fee,
        procedure_choices=[(p, m.catalog.get(p).name) for p in procedures] if len(procedures) > 1 else [],
    )
    return context


def _form_fields(spec: CounterAction, m, data, submitted: bool) -> list[dict]:
    """The action's own inputs as the form shows them, from the registry's description
    (the procedure, when there are several, is chosen above the form), each holding
    what the clerk typed: a refused submit gives every value back (a My Number never)."""
    fields = []
    for f in spec.spec.fields:
        if f.name == "procedure" and len(spec.spec.procedures) > 1:
            continue
        options: list[tuple[str, str, str]] = []
        if f.source == "pins":
            options = [(p, p, p) for p in m.pins]
        elif f.source == "procedure-cases":
            options = [(c.id, c.label.ja, c.label.en) for c in m.catalog.get(spec.spec.procedure).cases]
        elif f.kind == "choice":
            # The default first, as the clerk most often needs it.
            ordered = sorted(f.choices, key=lambda c: c != f.default)
            options = [(c, message(f"counter.field.{f.name}.{c}", "ja"), message(f"counter.field.{f.name}.{c}", "en")) for c in ordered]
        value = "" if f.my_number else str(data.get(f.name, "")).strip()
        checked = data.get(f.name) in ("on", "true", "1") if submitted else f.default is True
        fields.append({"name": f.name, "kind": f.kind, "required": f.required, "checked": checked, "options": options,
                       "my_number": f.my_number, "value": value or (options[0][0] if options else "")})  # fmt: skip
    return fields


def _typed_values(fields: list[dict]) -> list[dict]:
    """What the clerk typed into the action's own fields, as the pre-filled form shows
    it: each with its label, a choice by its label; blanks, flags and the My Number left out."""
    typed = []
    for f in fields:
        if f["my_number"] or f["kind"] == "flag" or not f["value"]:
            continue
        shown = next(((ja, en) for value, ja, en in f["options"] if value == f["value"]), (f["value"], f["value"]))
        typed.append({"name": f["name"], "label": message(f"counter.field.{f['name']}", "ja"),
                      "label_en": message(f"counter.field.{f['name']}", "en"), "ja": shown[0], "en": shown[1]})  # fmt: skip
    return typed


def _today() -> date:
    return clock.today()


def _body(schema, post) -> dict:
    """The form's fields as the action's schema wants them (lists, ticks, blanks)."""
    body: dict = {}
    for name, field in schema.model_fields.items():
        if get_origin(field.annotation) is list:
            body[name] = post.getlist(name)
        elif field.annotation is bool:
            body[name] = post.get(name) in ("on", "true", "1")
        elif post.get(name, "") != "":
            body[name] = post.get(name)
    return body


def _fields(error: ValidationError) -> str:
    return ", ".join(str(e["loc"][-1]) for e in error.errors())
