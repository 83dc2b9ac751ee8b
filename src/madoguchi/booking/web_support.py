"""Small helpers the pages and the API share: language, client key, range checks."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from madoguchi.core.client import client_address
from madoguchi.core.messages import section
from madoguchi.rules.catalog import Procedure
from madoguchi.rules.text import ALL_LANGUAGES, DEFAULT_LANGUAGE

from .services.errors import BookingError
from .services.tokens import client_key

MESSAGES = section("booking.web")  # texts in booking/messages.yaml


def lang_or_default(lang: str | None) -> str:
    return lang if lang in ALL_LANGUAGES else DEFAULT_LANGUAGE


def client_key_of(request: HttpRequest) -> str:
    """The client's address (core/client.py), keyed so that no address is stored."""
    return client_key(client_address(request))


def query_errors(procedure: Procedure, start: date, end: date, max_days: int) -> BookingError | None:
    if not procedure.bookable:
        return BookingError("not_bookable", MESSAGES["not_bookable"], status=422, field="procedure")
    if end < start or (end - start).days > max_days:
        return BookingError("range", MESSAGES["range"].format(days=max_days), status=422, field="to")
    return None
