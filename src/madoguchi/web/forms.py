"""How every Django form on the site renders a field: the design system's pattern (ADR 0016).

`{{ form.username.as_field_group }}` gives the label, the hint (help_text), the
field's own errors and the widget, which Django marks `aria-invalid` and
`aria-describedby` the hint and the errors (ids `<id>_helptext`, `<id>_error`).
`{% include "web/forms/error_summary.html" %}` puts every error of the form at
the top, each linked to its field (GOV.UK's error summary). Labels may be
`labelled(key)`: Japanese with English beside, as the staff pages show them.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .messages import message


class SiteFormRenderer(DjangoTemplates):
    field_template_name = "web/forms/field.html"


def labelled(key: str) -> SafeString:
    """A staff label: `ユーザー名 <span lang="en" class="en">Username</span>`."""
    return format_html('{} <span lang="en" class="en">{}</span>', message(key, "ja"), message(key, "en"))


class LabelledForm(forms.Form):
    """A form whose fields' labels are message keys (`labels = {"username": "staff.login.username"}`), shown with `labelled`."""

    labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in self.labels.items():
            self.fields[name].label = labelled(key)
