"""Against a running `madoguchi serve`: the API's own errors answer JSON problems, never HTML.

Before, the date overflow below was a 500, and the 500, the body-too-large
400 and the 404 answered in HTML although the API documents JSON.
"""

from __future__ import annotations

import httpx
import pytest

from tests.booking.served import Served, fresh_database, server_env

pytestmark = pytest.mark.slow

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("problems")) as url:
        server = Served(server_env(url, tmp_path_factory.mktemp("data")), workers=1)
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.mark.parametrize(("method", "path", "content", "status", "code"), [
    ("GET", "/api/v1/slots?procedure=card-info-change&from=9999-12-31", None, 422, "date_out_of_range"),
    ("GET", "/api/v1/no-such-thing", None, 404, "not_found"),
    ("GET", "/api/nothing-here", None, 404, "not_found"),
    ("DELETE", "/api/v1/slots", None, 405, "method_not_allowed"),
    ("POST", "/api/v1/bookings", b"{not json", 400, "unreadable_body"),
    ("POST", "/api/v1/bookings", b'{"name": "' + b"x" * 3_000_000 + b'"}', 413, "too_large"),
    ("POST", "/api/v1/bookings", b'{"slot_id": "x"}', 422, "invalid"),
])  # fmt: skip
def test_the_api_answers_its_own_errors_as_problems(served, method, path, content, status, code):
    response = httpx.request(method, served.url + path, content=content, headers={"Content-Type": "application/json"}, timeout=60)
    assert response.status_code == status, response.text[:300]
    assert response.headers["Content-Type"] == PROBLEM
    assert (response.json()["status"], response.json()["code"]) == (status, code)
