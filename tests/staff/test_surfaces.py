"""Two surfaces (ADR 0004): a public process has no staff URL, no staff API path
and nothing about My Numbers in its OpenAPI document; a staff process does not
serve the guide or the bookings.

Each surface is probed in a fresh process with MADOGUCHI_SURFACE set, as it is
deployed: URLs are built once at import time, so this process's state is never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def probe(surface: str, asked: list[str] = ()) -> dict:
    env = {**os.environ, "MADOGUCHI_SURFACE": surface, "DJANGO_SETTINGS_MODULE": "madoguchi.settings.test",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.staff.surface_probe"],
        input=json.dumps(list(asked)), capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def everything() -> dict:
    return probe("all")


@pytest.fixture(scope="module")
def public(everything) -> dict:
    return probe("public", everything["urls"] + everything["api_paths"])


@pytest.fixture(scope="module")
def staff(everything) -> dict:
    return probe("staff", everything["urls"] + everything["api_paths"])


def is_staff_page(path: str) -> bool:
    return path.startswith("/staff/")


def test_the_public_surface_serves_no_staff_url_and_no_staff_api(everything, public, staff):
    staff_urls = [u for u in everything["urls"] if is_staff_page(u)]
    assert "/staff/login/" in staff_urls and "/staff/audit/" in staff_urls
    served = [path for path in staff_urls + staff["api_paths"] if public["resolves"][path]]
    assert served == []
    assert public["resolves"]["/ja/"]  # while the guide is served
    assert not set(staff["api_paths"]) & set(public["api_paths"])
    assert not any(is_staff_page(u) for u in public["urls"])


def test_the_public_openapi_document_says_nothing_of_my_numbers_or_staff_tokens(public):
    schema = public["schema_text"].lower()
    # Field names, not words: a procedure id such as "my-number-change" may well be public.
    for word in ("my_number", "mynumber", "stafftokenauth"):
        assert word not in schema, word


def test_the_staff_surface_serves_neither_the_guide_nor_the_bookings(everything, public, staff):
    # /healthz is every surface's own (the load balancer asks each), like the API's documents.
    health = ("/healthz", "/healthz/ready", "/healthz/live")
    public_urls = [u for u in everything["urls"] if not is_staff_page(u) and not u.startswith("/api/") and u not in health]
    assert all(staff["resolves"][path] and public["resolves"][path] for path in health)
    assert "/ja/" in public_urls
    served = [path for path in public_urls + public["api_paths"] if staff["resolves"][path]]
    assert served == []
    assert staff["resolves"]["/staff/login/"]
    assert not set(public["api_paths"]) & set(staff["api_paths"])


def test_every_path_is_served_by_exactly_the_surfaces_it_belongs_to(everything, public, staff):
    # Nothing falls between the two: each URL of "all" is served by one surface or
    # (the API's own documents) by both.
    for path in everything["urls"]:
        assert public["resolves"][path] or staff["resolves"][path], path
