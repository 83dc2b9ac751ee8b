"""No My Number in free text, anywhere (issue 11).

Two halves, each seeded by introspection so that a new field cannot slip by:
- every text column of every model is either free text, with the inputs
  that write it named, or not free text, with the reason; a new column fails
  until it is classified, and every input named must be one typed into below;
- every free-text input found (the API's OpenAPI schema, the Django forms,
  the text boxes of the pages, public and staff) is typed a valid My Number,
  in one spelling or another, and must be refused; then the database (the
  SQLite file, or a pg_dump of the PostgreSQL test database) and the logs
  hold it nowhere.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import connection, models
from django.test import Client
from stdnum.jp import in_

from madoguchi.audit.services import Actor
from madoguchi.counter.actions import ACTIONS
from madoguchi.staff.fields import EncryptedTextField
from madoguchi.staff.log_filters import ScrubMyNumbers
from tests.counter.conftest import make_card, make_resident
from tests.staff.conftest import log_in, make_staff  # noqa: F401 (a fixture)

DIGITS = "98765432101" + in_.calc_check_digit("98765432101")  # valid, and no resident's
SPELLINGS = [
    DIGITS,
    f"{DIGITS[:4]} {DIGITS[4:8]} {DIGITS[8:]}",
    f"{DIGITS[:4]}-{DIGITS[4:8]}-{DIGITS[8:]}",
    f"{DIGITS[:4]}.{DIGITS[4:8]}.{DIGITS[8:]}",
    unicodedata.normalize("NFKC", DIGITS).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),  # full width
]
REFUSAL = ("マイナンバー（個人番号）と思われる12桁の番号", "looks like a My Number")

# --- the columns ------------------------------------------------------------
# Free text: the inputs (form or schema field names) that write the column.
FREE_TEXT = {
    "audit.AuditEntry.actor": ["username"],
    "audit.AuditEntry.reason": ["reason"],
    "audit.AuditEntry.detail": ["kana", "address", "username", "actor", "resident"],
    "audit.AuditEntry.subject_id": ["notice_number"],
    "staff.ApiToken.name": ["cli:staff_token --name"],
    "staff.LoginThrottle.username": ["username"],
    "booking.Slot.block_reason": ["reason"],
    "forecast.ExtraOpening.reason": ["cli:add_opening --reason"],
    "booking.Booking.notice_reason": ["reason"],
    "booking.PickupNotice.notice_number": ["notice_number"],
    "booking.Booking.name": ["name"],
    "booking.Booking.name_kana": ["name_kana"],
    "booking.Booking.email": ["email"],
    "booking.Booking.phone": ["phone"],
    "booking.WaitingEntry.name": ["name"],
    "booking.WaitingEntry.name_kana": ["name_kana"],
    "booking.WaitingEntry.email": ["email"],
    "booking.WaitingEntry.phone": ["phone"],
    "queue.Ticket.email": ["email"],
    "counter.Resident.family_name": ["family_name"],
    "counter.Resident.given_name": ["given_name"],
    "counter.Resident.family_name_kana": ["family_name_kana"],
    "counter.Resident.given_name_kana": ["given_name_kana"],
    "counter.Resident.address": ["address"],
    "counter.Card.serial": ["serial"],
    "counter.Card.notice_number": ["notice_number"],
    "counter.Case.applicant_name": ["applicant_name"],
    "counter.Case.conditions": ["conditions"],
    "counter.Case.documents_checked": ["documents"],
}
# Written only by the resident register's import (counter/imports), whose row
# checks are the import's own (issue 11, item 4): not typed into here.
IMPORTED = {
    "counter.Resident.household", "counter.Resident.nationality", "counter.Resident.status_of_residence",
    "counter.Resident.register_id",
}
NOT_FREE_TEXT = {
    "audit.AuditEntry.actor_role": "a role of core/roles.py",
    "audit.AuditEntry.action": "the code's own action names",
    "audit.AuditEntry.subject_type": "the code's own subject names",
    "audit.AuditEntry.resident_id": "a resident's id",
    "audit.AuditEntry.prev_hash": "a hash",
    "audit.AuditEntry.hash": "a hash",
    "staff.ApiToken.token_hash": "a hash",
    "staff.ApiToken.prefix": "the start of a random token",
    "staff.LoginThrottle.ip": "core.client's address (parsed as an IP address)",
    "booking.SlotCapacity.office_id": "an office of the city's data",
    "forecast.Staffing.office_id": "an office of the city's data",
    "forecast.Staffing.updated_by": "a staff username",
    "forecast.ExtraOpening.office_id": "an office of the city's data",
    "forecast.ExtraOpening.procedures": "procedures of the catalog",
    "forecast.ExtraOpening.created_by": "a staff username",
    "booking.SlotCapacity.procedure_id": "a procedure of the catalog",
    "booking.SlotCapacity.updated_by": "a staff username",
    "booking.Slot.office_id": "an office of the city's data",
    "booking.Slot.procedure_id": "a procedure of the catalog",
    "booking.PickupNotice.holder_name": "the resident's name, copied from the register",
    "booking.PickupNotice.office_id": "an office of the city's data",
    "booking.PickupNotice.card_ref": "a card's id",
    "booking.PickupFailure.client_key": "a keyed hash",
    "booking.PickupFailure.notice_key": "a keyed hash",
    "booking.LinkRequest.client_key": "a keyed hash",
    "booking.LinkRequest.reference_key": "a keyed hash",
    "booking.Booking.link_seed": "a random seed",
    "booking.WaitingEntry.link_seed": "a random seed",
    "booking.Booking.reference": "a random reference",
    "booking.Booking.procedure_id": "a procedure of the catalog",
    "booking.Booking.language": "one of rules.text.LANGUAGES",
    "booking.Booking.token_hash": "a hash",
    "booking.WaitingEntry.procedure_id": "a procedure of the catalog",
    "booking.WaitingEntry.language": "one of rules.text.LANGUAGES",
    "booking.WaitingEntry.token_hash": "a hash",
    "queue.Window.office_id": "an office of the city's data",
    "queue.Window.procedures": "procedures of the catalog, checked by the window service",
    "queue.Window.updated_by": "a staff username",
    "queue.NumberCounter.office_id": "an office of the city's data",
    "queue.NumberCounter.letter": "a group letter of the city's queue data",
    "queue.Board.office_id": "an office of the city's data",
    "queue.Ticket.office_id": "an office of the city's data",
    "queue.Ticket.letter": "a group letter of the city's queue data",
    "queue.Ticket.procedure_id": "a procedure of the catalog",
    "queue.Ticket.close_reason": "the code's own reasons (queue/services/day_end.py)",
    "queue.Ticket.token": "a random token",
    "queue.Ticket.lang": "one of rules.text.LANGUAGES",
    "queue.DayWait.office_id": "an office of the city's data",
    "queue.DayWait.procedure_id": "a procedure of the catalog",
    "queue.Kiosk.office_id": "an office of the city's data",
    "queue.Kiosk.name": "a tablet's name, checked by the kiosk service (small letters, digits, hyphens)",
    "queue.Kiosk.key_hash": "a hash",
    "queue.Kiosk.created_by": "a staff username",
    "counter.Resident.search_kana": "derived from the kana names",
    "counter.Resident.language": "one of rules.text.LANGUAGES",
    "counter.Resident.my_number_index": "a keyed hash",
    "counter.Card.expiry_basis": "birthday or period_of_stay",
    "counter.Card.reissue_procedure": "a procedure of the catalog",
    "counter.PinCounter.pin": "a PIN kind of the city's data",
    "counter.Case.action": "an action of counter/actions.py",
    "counter.Case.procedure": "a procedure of the catalog",
    "counter.Case.channel": "counter or phone",
    "counter.Case.applicant_type": "an applicant type of the catalog",
    "counter.Case.clerk": "a staff username",
    "counter.Case.office_id": "an office of the city's data (counter.services.visits.office_of refuses any other)",
    "counter.Case.outcome": "the code's own outcome names",
    "counter.Receipt.number": "a receipt number the code makes",
    "counter.Receipt.items": "the fee's lines, from the catalog",
    "counter.Case.fee_items": "the fee's lines, from the catalog",
    "counter.Case.effects": "the rules' own effect names",
    "counter.Case.offers": "procedures of the catalog",
    "counter.ReturnedCard.reason": "a case of the catalog's card-return",
    "counter.ReturnedCard.clerk": "a staff username",
    "notices.Notice.key": "made by the code from ids and dates",
    "notices.Notice.kind": "the code's own notice kinds",
    "notices.Notice.channel": "letter or mail",
    "notices.Notice.subject_type": "the code's own subject names",
    "notices.Notice.subject_id": "an id",
    "notices.Notice.resident_ref": "an id",
    "notices.Notice.procedure": "a procedure of the catalog",
    "notices.Notice.language": "one of rules.text.LANGUAGES",
    "notices.Notice.name": "copied from a resident or a booking (both guarded)",
    "notices.Notice.postal_address": "copied from the register",
    "notices.Notice.email": "copied from a booking (guarded)",
    "notices.Notice.last_error": "the mail server's answer",
}
# Inputs that are not free text kept anywhere, and why.
NOT_TYPED = {
    "password": "checked against its hash, never kept",
    "code": "a TOTP code, checked, never kept",
    "new_number": "the My Number itself: validated, encrypted and indexed (staff/my_number.py)",
    "birth_date": "a date",
    "from": "a date", "to": "a date", "date_from": "a date", "date_to": "a date", "date": "a date",
    "q": "a search of the guide's own texts: neither kept nor logged",
    "reference": "a filter of the day's list on the page: neither kept nor logged",
    "lang": "a language: anything but ja, en or easy is taken as ja, and only those are kept",
}


def _columns() -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("madoguchi."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, EncryptedTextField) or getattr(field, "choices", None):
                continue  # the encrypted column; a fixed set of values
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_every_text_column_is_classified():
    classified = set(FREE_TEXT) | IMPORTED | set(NOT_FREE_TEXT)
    unknown = [c for c in _columns() if c not in classified]
    assert not unknown, f"new text columns: guard their inputs (core.inputs) and add them to FREE_TEXT, or say why not: {unknown}"
    stale = classified - set(_columns())
    assert not stale, f"classified columns that no longer exist: {stale}"


def _form_classes() -> list[type[forms.Form]]:
    out, todo = [], [forms.Form]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("madoguchi."):
            out.append(cls)
    return out


def test_every_django_form_text_field_has_the_guard():
    forms_found = _form_classes()
    assert forms_found
    for form in forms_found:
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField) and name not in NOT_TYPED:
                guarded = any(getattr(v, "madoguchi_free_text", False) for v in field.validators) or f"clean_{name}" in vars(form)
                assert guarded, f"{form.__name__}.{name}: add core.inputs.line_validator (or say in NOT_TYPED why not)"


# --- typing a My Number into every input found --------------------------------
class _Forms(HTMLParser):
    """The forms of a page: action, method, and their fields with the values shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}, "text": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            fields = self.forms[-1]["fields"]
            if kind in ("text", "search", "email", "tel"):
                self.forms[-1]["text"].append(a["name"])
                fields[a["name"]] = a.get("value") or ""
            elif kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and a["name"] not in fields):
                    fields[a["name"]] = a.get("value") or "on"
            elif kind != "submit":
                fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self.forms[-1]["text"].append(a["name"])
            self.forms[-1]["fields"][a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and self._select not in self.forms[-1]["fields"]:
            self.forms[-1]["fields"][self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


# Plausible values for the other fields, so that the one typed into is what is refused.
GOOD = {"name": "小金井 花子", "name_kana": "コガネイ ハナコ", "phone": "090-0000-0000", "email": "hanako@example.jp",
        "notice_number": "K2026000777", "birth_date": "1990-06-15", "reason": "窓口で本人確認", "kana": "コガネイ",
        "username": "nobody", "password": "wrong-wrong", "applicant_name": "小金井 花子", "serial": "AB12345678",
        "issued": "2026-11-20", "pickup_deadline": "2026-12-20", "party_size": "1"}


def _refused(response) -> bool:
    text = response.content.decode(errors="replace")
    return response.status_code >= 400 or any(r in text for r in REFUSAL)


def _type_into_pages(client: Client, url: str, typed: set[str], misses: list[str], n: list[int]) -> None:
    page = client.get(url, follow=True)
    assert page.status_code == 200, url
    parser = _Forms()
    parser.feed(page.content.decode())
    for form in parser.forms:
        for name in form["text"]:
            if name in NOT_TYPED:
                continue
            spelling = SPELLINGS[n[0] % len(SPELLINGS)]
            n[0] += 1
            values = {k: GOOD.get(k, v) or v for k, v in form["fields"].items()} | {name: spelling}
            action = form["action"] or url
            send = client.post if form["method"] == "post" else client.get
            response = send(action, values, follow=True)
            typed.add(name)
            if not _refused(response):
                misses.append(f"{url} {name} -> {response.status_code}")


def _api_inputs(schema: dict) -> list[tuple[str, str, str, dict]]:
    """(method, path, where, field) for every string input of every operation: query, path, body."""
    def resolve(ref_or_schema: dict) -> dict:
        ref = ref_or_schema.get("$ref")
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else ref_or_schema

    def is_text(prop: dict) -> bool:
        kinds = [prop] + prop.get("anyOf", [])
        return any(k.get("type") == "string" and "format" not in k and "enum" not in k for k in kinds) or (
            prop.get("type") == "array" and is_text(prop.get("items", {})))

    out = []
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            for p in op.get("parameters", []):
                if is_text(p["schema"]):
                    out.append((method, path, p["in"], p["name"]))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                for name, prop in resolve(body).get("properties", {}).items():
                    if is_text(resolve(prop)):
                        out.append((method, path, "body", name))
    return out


def _body_for(schema: dict, op: dict, card_id: int, slot_id: int) -> dict:
    ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return {}
    props = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    body = {}
    for name, prop in props.get("properties", {}).items():
        kind = prop.get("type") or next((k.get("type") for k in prop.get("anyOf", []) if k.get("type") != "null"), "string")
        if name in GOOD:
            body[name] = int(GOOD[name]) if kind == "integer" else GOOD[name]
        elif "enum" in prop:
            body[name] = prop["enum"][0]
        elif name == "slot_id":
            body[name] = slot_id
        elif name == "procedure":
            body[name] = "card-info-change"
        else:
            body[name] = {"string": "x", "integer": 1, "boolean": False, "array": [], "object": {}}.get(kind, "x")
    return body


def _api_send(http: Client, method: str, path: str, where: str, name: str, value: str, body: dict, headers: dict):
    path = path.replace("{card_id}", str(headers.pop("card_id", 1)))
    query = {}
    if where == "path":
        path = path.replace("{" + name + "}", value)
    elif where == "query":
        query[name] = value
    else:
        body = {**body, name: [value] if isinstance(body.get(name), list) else value}
    path = re.sub(r"\{\w+\}", "x" * 32, path)
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    send = getattr(http, method)
    if method == "get":
        return send(url, **headers)
    return send(url, body, content_type="application/json", **headers)


def _database_text() -> str:
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "copy.sqlite3"
            with connection.cursor() as cur:
                cur.execute("VACUUM INTO %s", [str(copy)])
            return copy.read_bytes().decode("utf-8", errors="replace")
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    dump = subprocess.run(
        ["pg_dump", "--data-only", "-h", s["HOST"] or "localhost", "-p", str(s["PORT"] or 5432), "-U", s["USER"], s["NAME"]],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    return dump.stdout


def _holds_the_number(text: str) -> bool:
    """The typed number, in any spelling: its digits with at most two other characters between each."""
    folded = unicodedata.normalize("NFKC", text)
    return re.search(r"\D{0,2}".join(DIGITS), folded) is not None


@pytest.mark.django_db(transaction=True)
def test_a_my_number_typed_into_every_input_is_refused_and_kept_nowhere(make_staff, caplog, settings):  # noqa: F811
    from madoguchi.api.main import api
    from madoguchi.booking.models import Slot
    from madoguchi.booking.services import slots as slot_services
    from madoguchi.booking.services.pickups import register_arrival
    from madoguchi.staff.services import StaffAccountError, create_api_token
    from madoguchi.core import clock
    from datetime import date, datetime

    caplog.set_level(logging.DEBUG)
    with clock.pinned(datetime(2026, 11, 20, 10, 0, tzinfo=clock.TOKYO)):
        slot_services.open_slots("card-info-change", date(2026, 11, 24), date(2026, 11, 24))
        slot = Slot.objects.filter(procedure_id="card-info-change").order_by("start").first()
        register_arrival(notice_number="K2026000777", birth_date=date(1990, 6, 15), holder_name="小金井 花子", office_id=None,
                         pickup_deadline=date(2026, 12, 1), card_ref=None)
        resident = make_resident()
        card = make_card(resident, status="active")
        supervisor = Client()
        member = make_staff("suzuki", "supervisor")
        log_in(supervisor, member)
        _, token = create_api_token(Actor.system(), username="suzuki", name="free-text probe")
        with pytest.raises(StaffAccountError):  # the CLI's input
            create_api_token(Actor.system(), username="suzuki", name=SPELLINGS[1])

        typed: set[str] = set()
        misses: list[str] = []
        n = [0]
        # The pages, public and staff.
        public = [f"/ja/book/card-info-change/slot/{slot.pk}/", f"/ja/book/card-info-change/slot/{slot.pk}/wait/", "/ja/book/card-pickup/",
                  "/ja/search/"]
        for url in public:
            _type_into_pages(Client(), url, typed, misses, n)
        _type_into_pages(Client(), "/staff/login/", typed, misses, n)
        staff = ["/staff/residents/", f"/staff/residents/{resident.pk}/", "/staff/audit/",
                 "/staff/bookings/?date=2026-11-24", f"/staff/cards/{card.pk}/do/apply-reissue/?applicant_type=voluntary-proxy"]
        staff += [f"/staff/cards/{card.pk}/do/{action}/" for action in ACTIONS]
        for url in staff:
            _type_into_pages(supervisor, url, typed, misses, n)

        on_pages = set(typed)
        # The API, public and staff: every string input of the OpenAPI schema.
        schema = api.get_openapi_schema()
        http = Client()
        for method, path, where, name in _api_inputs(schema):
            if name in NOT_TYPED:
                continue
            op = schema["paths"][path][method]
            headers = {"card_id": card.pk}
            if "/cards/" in path:
                headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
            spelling = SPELLINGS[n[0] % len(SPELLINGS)]
            n[0] += 1
            response = _api_send(http, method, path, where, name, spelling, _body_for(schema, op, card.pk, slot.pk), headers)
            typed.add(name)
            if response.status_code < 400:
                misses.append(f"API {method.upper()} {path} {where}:{name} -> {response.status_code}")

    assert not misses, "a My Number was taken by: " + "; ".join(misses)
    named = {i for inputs in FREE_TEXT.values() for i in inputs if not i.startswith("cli:")}
    assert named <= typed, f"inputs named in FREE_TEXT but found on no page and in no schema: {named - typed}"
    # The crawl found the pages' boxes (not only the API's): the public forms, the login, the counter's.
    assert {"name", "name_kana", "email", "phone", "notice_number", "username", "kana", "address", "reason",
            "applicant_name", "family_name", "actor", "resident"} <= on_pages, on_pages
    assert not _holds_the_number(_database_text()), "a typed My Number is in the database"
    scrub = ScrubMyNumbers()  # as every handler of settings.LOGGING does
    leaked = [r.getMessage() for r in caplog.records if scrub.filter(r) and _holds_the_number(r.getMessage())]
    assert not leaked, f"a typed My Number is in the logs: {leaked[:5]}"
