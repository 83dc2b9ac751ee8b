"""The checklist as a PDF, drawn by WeasyPrint from an HTML template.

Japanese needs a Japanese font: the stylesheet asks for Noto Sans CJK JP
(Debian's fonts-noto-cjk, installed by scripts/install-browser); fontconfig
finds it on the system.
"""

from __future__ import annotations

from django.template.loader import render_to_string


def checklist_pdf(context: dict, base_url: str) -> bytes:
    from weasyprint import HTML  # heavy (Pango, fonts): loaded on the first PDF only

    html = render_to_string("guide/checklist_pdf.html", context)
    return HTML(string=html, base_url=base_url).write_pdf()
