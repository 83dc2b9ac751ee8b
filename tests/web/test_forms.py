"""Every Django form renders the design system's way (web/forms.py): all errors in one summary
at the top, each linked to its field, and each beside its field, tied by aria-describedby."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_staff_login_names_both_missing_fields_at_once_and_links_each(client):
    html = client.post("/staff/login/", {"username": "", "password": ""}).content.decode()
    summary = html[html.index('class="error-summary"'):html.index("</div>", html.index('class="error-summary"'))]
    assert re.findall(r'<a href="#(id_\w+)">', summary) == ["id_username", "id_password"]
    for name in ("username", "password"):
        assert f'id="id_{name}_error"' in html
        widget = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group()
        assert 'aria-invalid="true"' in widget and f'aria-describedby="id_{name}_error"' in widget

