"""Printable PDFs of the counter: the receipt (WeasyPrint, Noto CJK)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Case


def receipt_pdf_bytes(case: Case) -> bytes:
    from weasyprint import HTML

    from madoguchi.core.city import municipality

    context = {"lang": "ja", "case": case, "receipt": case.receipt, "city": municipality().city}
    html = render_to_string("counter/receipt.html", context)
    return HTML(string=html).write_pdf()


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
