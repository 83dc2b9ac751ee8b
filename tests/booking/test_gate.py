"""The WSGI gate in front of Django: a booking POST with no free place is answered at once."""

from __future__ import annotations

import io
import json

import pytest

from madoguchi.booking import overload
from madoguchi.wsgi import application

pytestmark = pytest.mark.django_db


BODY = json.dumps({"slot_id": 999999, "procedure": "card-info-change", "name": "小金井 太郎", "name_kana": "コガネイ タロウ",
                   "email": "taro@example.jp", "party_size": 1}).encode()


def call(method: str, path: str, query: str = "", body: bytes = b"{}") -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
               "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)), "HTTP_HOST": "127.0.0.1"}
    body = b"".join(application(environ, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test database's connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def saturated(settings):
    """Every booking-request place of this process is taken (by other requests)."""
    settings.BOOKING_CONCURRENT_REQUESTS = 1
    overload._requests = None
    places = overload._request_semaphore()
    places.acquire()
    yield
    places.release()
    overload._requests = None


def test_a_booking_request_without_a_place_is_503_before_django(saturated):
    status, headers, body = call("POST", "/api/v1/bookings", "lang=easy", body=BODY)
    assert status.startswith("503") and headers["Retry-After"] == "30"
    assert json.loads(body)["code"] == "busy" and "もう一度" in json.loads(body)["message"]
    status, headers, body = call("GET", "/en/book/card-info-change/")
    assert status.startswith("503") and b"Please try again at about" in body and b'lang="en"' in body


@pytest.mark.parametrize(("lang", "title"), [("ja", "ただいま混み合っています"), ("en", "Very busy right now"), ("easy", "<ruby>混<rt>こ</rt></ruby>んで います")])
def test_the_gates_busy_page_is_the_products_in_each_language(saturated, lang, title):
    status, headers, body = call("GET", f"/{lang}/book/card-info-change/")
    html = body.decode()
    assert status.startswith("503") and headers["Content-Length"] == str(len(body))
    assert title in html and "web/site.css" in html and "\x00" not in html  # the message is in, its slot gone
    assert f'href="/{lang}/guide/"' in html


def test_other_requests_pass_through_even_when_saturated(saturated):
    status, _, _ = call("GET", "/api/v1/openapi.json")
    assert status.startswith("200")


def test_with_a_place_the_request_reaches_the_service(settings):
    settings.BOOKING_CONCURRENT_REQUESTS = 1
    overload._requests = None
    status, _, body = call("POST", "/api/v1/bookings", body=BODY)
    overload._requests = None
    assert status.startswith("422") and json.loads(body)["code"] == "slot_not_found"
