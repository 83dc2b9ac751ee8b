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
from madoguchi.audit.services import record
from madoguchi.rules.lifecycle.visit import required
from madoguchi.rules.text import LANGUAGES
from madoguchi.staff.access import can_reveal_my_number, staff_actor, staff_required
from madoguchi.web.messages import both, message
from madoguchi.core.city import municipality
from madoguchi.rules.licence import licence_warning

from .actions import CounterAction, counter_action
from .models import Card, Case
from .pdf import prefilled_form_pdf_bytes, receipt_pdf_bytes
from .services import my_number, residents
from .services.errors import CounterError

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
        "languages": LANGUAGES,
    }
    return render(request, "counter/resident.html", context)


@staff_required
@require_POST
def notice_language(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        residents.set_notice_language(staff_actor(request), resident_id, request.POST.get("language", ""))
    except CounterError as e:
        messages.error(request, f"{e.message_ja} / {e.message_en}")
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
        messages.error(request, f"{e.message_ja} / {e.message_en}")
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
    context = _form_context(card, spec, data)
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
    key = f"counter.action.{action}"
    messages.success(request, " / ".join(message("counter.form.done", lang, action=message(key, lang)) for lang in ("ja", "en")))
    for offer in result.outcome.offers:
        name = municipality().catalog.get(offer).name
        messages.info(request, f"{both('counter.form.offers')}: {name.ja} / {name.en}")
    if result.receipt is not None:
        messages.info(request, f"{both('counter.form.receipt')}: {reverse('counter:receipt', args=[result.case.pk])}")
    return HttpResponseRedirect(reverse("counter:resident", args=[card.resident_id]))


@staff_required
def prefilled_form(request: HttpRequest, card_id: int, action: str) -> HttpResponse:
    """書かない窓口: the form of the chosen procedure, filled in, to check and sign."""
    card = Card.objects.select_related("resident").filter(pk=card_id).first()
    spec = counter_action(action)
    if card is None or spec is None or not spec.is_visit:
        raise Http404("no such card or procedure")
    context = _form_context(card, spec, request.GET)
    proc = context["procedure"]
    applicant = municipality().catalog.applicants[context["applicant"]]
    name = request.GET.get("applicant_name", "").strip() or card.resident.name
    with transaction.atomic():
        record(staff_actor(request), "read", "resident", card.resident_id, resident_id=card.resident_id, reason=f"prefilled form {proc.id}")
    pdf = prefilled_form_pdf_bytes(card, proc, name, applicant.name, clock.today())
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


def _form_context(card: Card, spec: CounterAction, data) -> dict:
    m = municipality()
    context: dict = {"lang": "ja", "card": card, "resident": card.resident, "action": spec.name, "is_visit": spec.is_visit,
                     "data": data, "fields": _form_fields(spec, m), "error": None}  # fmt: skip
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


def _form_fields(spec: CounterAction, m) -> list[dict]:
    """The action's own inputs as the form shows them, from the registry's description
    (the procedure, when there are several, is chosen above the form)."""
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
        fields.append({"name": f.name, "kind": f.kind, "required": f.required, "checked": f.default is True, "options": options,
                       "my_number": f.my_number})  # fmt: skip
    return fields


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
