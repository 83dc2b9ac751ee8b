"""Printable PDFs of the counter: the receipt (WeasyPrint, Noto CJK)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Case


def receipt_pdf_bytes(case: Case) -> bytes:
    from weasyprint import HTML

    from madoguchi.web.municipality import municipality

    context = {"lang": "ja", "case": case, "receipt": case.receipt, "city": municipality().city}
    html = render_to_string("counter/receipt.html", context)
    return HTML(string=html).write_pdf()
