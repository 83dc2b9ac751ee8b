"""The login forms. Their error messages are the staff messages (Japanese and English)."""

from __future__ import annotations

from django import forms

from madoguchi.core.inputs import line_validator
from madoguchi.web.forms import LabelledForm
from madoguchi.web.messages import message


def _required() -> dict[str, str]:
    return {"required": f"{message('staff.login.required', 'ja')} / {message('staff.login.required', 'en')}"}


class PasswordForm(LabelledForm):
    labels = {"username": "staff.login.username", "password": "staff.login.password"}
    # A My Number typed as the username would be logged, audited and counted (core.inputs).
    username = forms.CharField(max_length=150, validators=[line_validator(150)], error_messages=_required(), widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(max_length=4096, strip=False, error_messages=_required(), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(LabelledForm):
    labels = {"code": "staff.login.code"}

    code = forms.CharField(
        max_length=12,
        error_messages=_required(),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )
