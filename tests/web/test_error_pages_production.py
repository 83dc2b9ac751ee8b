"""The error pages under the real production settings (settings/production.py, in a
subprocess): DEBUG off, HTTPS only, static files from collectstatic's manifest. Each page
is the product's, in the URL's language, and links the hashed stylesheets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.staff.test_production_settings import ROOT, production_env

pytestmark = pytest.mark.slow

PROGRAM = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
host = {"HTTP_HOST": "madoguchi.city.example.jp", "secure": True}
out = {}
with override_settings(ROOT_URLCONF="tests.web.error_urls"):
    client = Client(raise_request_exception=False)
    for path in ("/ja/no-such-page/", "/en/no-such-page/", "/easy/no-such-page/", "/staff/no-such-page/",
                 "/ja/fails/", "/en/forbidden/", "/easy/locked/", "/api/v1/no-such/"):
        r = client.get(path, **host)
        out[path] = [r.status_code, r["Content-Type"], r.content.decode()]
    r = Client(enforce_csrf_checks=True).post("/en/book/card-pickup/", {"notice_number": "B-1"}, **host)
    out["csrf"] = [r.status_code, r["Content-Type"], r.content.decode()]
print(json.dumps(out))
"""

EXPECTED = {
    "/ja/no-such-page/": (404, "ページが見つかりません"),
    "/en/no-such-page/": (404, "Page not found"),
    "/easy/no-such-page/": (404, "<ruby>見<rt>み</rt></ruby>つかりません"),
    "/staff/no-such-page/": (404, "Page not found"),
    "/ja/fails/": (500, "問題が発生しました"),
    "/en/forbidden/": (403, "You cannot open this page"),
    "/easy/locked/": (503, "<ruby>混<rt>こ</rt></ruby>んで います"),
    "csrf": (403, "This page has expired"),
}


def test_every_error_page_is_the_products_under_production_settings(tmp_path):
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONPATH=f"{ROOT / 'src'}:{ROOT}")
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    for path, (status, words) in EXPECTED.items():
        got, kind, html = answers[path]
        assert (got, kind.split(";")[0]) == (status, "text/html"), (path, got, html[:300])
        assert words in html, (path, html[:600])
        assert "/static/web/site." in html and "/static/web/vendor/digital-go-jp-design-tokens/tokens." in html, path
        assert "site.css" not in html, "the manifest's hashed name, not the bare one"
    status, kind, body = answers["/api/v1/no-such/"]
    assert status == 404 and kind.startswith("application/problem+json") and json.loads(body)["status"] == 404
