"""Small helpers the pages and the API share: language, client key, range checks."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from madoguchi.core.client import client_address
from madoguchi.rules.catalog import Procedure
from madoguchi.rules.text import ALL_LANGUAGES, DEFAULT_LANGUAGE, Text

from .services.errors import BookingError
from .services.tokens import client_key

MESSAGES = {
    "not_bookable": Text(
        "この手続は予約できません。手続の案内ページをご覧ください。",
        "This procedure cannot be booked; see its page in the guide.",
        "この てつづきは よやく できません。",
    ),
    "range": Text(
        "期間は開始日から終了日の順に、{days}日以内で指定してください。",
        "Give a range that runs forwards and spans at most {days} days.",
        "はじめの ひ から おわりの ひ まで、{days}にち いないで えらんで ください。",
    ),
}


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
