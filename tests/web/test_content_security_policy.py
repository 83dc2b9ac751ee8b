"""The Content-Security-Policy: on every response, strict (no inline code, no other
origin), a nonce only where Django's own page needs one, and no template of ours
with inline script, style or event handler (tests/browser/ checks the pages in
Chromium with no violation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import madoguchi

STRICT = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
          "base-uri 'none'", "frame-ancestors 'none'"]  # fmt: skip
# Rendered only into PDFs by WeasyPrint, never served as a page: their <style> is the PDF's.
PDF_TEMPLATES = {
    "counter/templates/counter/receipt.html": "counter/pdf.py",
    "counter/templates/counter/prefilled_form.html": "counter/pdf.py",
    "counter/templates/counter/case_copy.html": "counter/pdf.py",
    "guide/templates/guide/checklist_pdf.html": "guide/pdf.py",
    "notices/templates/notices/letters.html": "notices/services/letters.py",
}
ROOT = Path(madoguchi.__file__).parent
INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ja/", "/en/procedures/pin-reset/", "/ja/book/card-pickup/", "/staff/login/", "/ja/nowhere/",
                                  "/api/v1/procedures", "/api/v1/openapi.json", "/healthz"])  # fmt: skip
def test_every_response_sends_the_strict_policy(path):
    policy = Client().get(path).headers["Content-Security-Policy"]
    for directive in STRICT:
        assert directive in policy, (path, directive)
    assert "'nonce-" not in policy and "unsafe-inline" not in policy and "*" not in policy


@pytest.mark.django_db
def test_the_csrf_failure_page_is_ours_and_needs_no_nonce():
    # Django's own page had an inline style and needed a nonce; the product's (CSRF_FAILURE_VIEW) has none.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/login/", {"username": "x"})
    assert response.status_code == 403
    assert "'nonce-" not in response.headers["Content-Security-Policy"]
    assert "<style" not in response.content.decode() and "web/site.css" in response.content.decode()


def test_no_template_of_ours_has_inline_code():
    found = []
    for template in sorted(ROOT.glob("*/templates/**/*.html")):
        name = str(template.relative_to(ROOT))
        if name in PDF_TEMPLATES:
            continue
        text = template.read_text(encoding="utf-8")
        found += [(name, what) for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


def test_the_pdf_templates_are_only_rendered_into_pdfs():
    for template, renderer in PDF_TEMPLATES.items():
        name = template.split("/templates/", 1)[1]
        users = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py") if f'"{name}"' in p.read_text(encoding="utf-8"))
        assert users == [renderer], template
        assert "write_pdf()" in (ROOT / renderer).read_text(encoding="utf-8")


@pytest.mark.parametrize("what,sample", [("an inline script", "<script>alert(1)</script>"), ("a style attribute", '<p style="x">'),
                                         ("an event handler attribute", '<a onclick="x">'), ("a <style> element", "<style>")])  # fmt: skip
def test_the_scan_finds_each_kind_of_inline_code(what, sample):
    assert INLINE[what].search(sample)
    assert not INLINE["an inline script"].search('<script src="/static/x.js"></script>')
