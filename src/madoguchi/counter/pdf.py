"""Printable PDFs of the counter (WeasyPrint, Noto CJK): the receipt of a paid case,
the resident's copy (控え) of every case, free or paid, and the pre-filled form."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Case


def receipt_pdf_bytes(case: Case) -> bytes:
    from weasyprint import HTML

    from madoguchi.core.city import municipality

    context = {"lang": "ja", "case": case, "receipt": case.receipt, "city": municipality().city}
    html = render_to_string("counter/receipt.html", context)
    return HTML(string=html).write_pdf()


def case_copy_pdf_bytes(case: Case) -> bytes:
    """控え: what was done, when, for whom and with which documents, and the fee
    (無料 for a free case, the receipt's number for a paid one)."""
    from weasyprint import HTML

    from madoguchi.core.city import municipality

    m = municipality()
    procedure = m.catalog.procedures.get(case.procedure) if case.procedure else None
    documents = [m.catalog.documents[d].label for d in case.documents_checked if d in m.catalog.documents]
    context = {
        "lang": "ja", "case": case, "receipt": getattr(case, "receipt", None), "city": m.city, "documents": documents,
        "procedure_name": procedure.name if procedure else _action_name(case.action),
        "applicant_label": m.catalog.applicants[case.applicant_type].name if case.applicant_type in m.catalog.applicants else None,
    }  # fmt: skip
    return HTML(string=render_to_string("counter/case_copy.html", context)).write_pdf()


def _action_name(action: str):
    from madoguchi.core.messages import text

    return text(f"counter.action.{action}")


def prefilled_form_pdf_bytes(card, procedure, applicant_name: str, applicant_label, today, typed: list[dict] = ()) -> bytes:
    """書かない窓口: the application form filled from the register and with what the
    clerk typed (`typed`: the new address, name, end of stay), for the resident to
    check and sign rather than write out. No My Number on it."""
    from weasyprint import HTML

    from madoguchi.core.city import municipality

    context = {
        "lang": "ja", "card": card, "resident": card.resident, "procedure": procedure, "applicant_name": applicant_name,
        "applicant_label": applicant_label, "today": today, "city": municipality().city, "typed": typed,
    }  # fmt: skip
    return HTML(string=render_to_string("counter/prefilled_form.html", context)).write_pdf()
