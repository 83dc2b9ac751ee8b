"""Each city folder works through every surface with no code changed (issue 12):
its data loads, the guide shows its name and office and no other city's, a
booking is made end to end, the counter records a procedure, the notice batch
runs, the CLI and the open data answer from its data."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from urllib.parse import urlencode

import pytest
from django.test import Client

from madoguchi.audit.services import Actor
from madoguchi.core import clock
from madoguchi.cli.main import main
from madoguchi.rules.city import is_valid_local_government_code
from madoguchi.rules.loader import DATA_ROOT
from madoguchi.rules.required_procedures import REQUIRED_PROCEDURES

from ..staff.conftest import clerk_client, make_staff  # noqa: F401 (fixtures)
from .conftest import NOW, first_open_day, other_cities_names

BOOKED = "card-info-change"
LOST_OUTSIDE = {
    "situation": "lost", "lost_where": "outside", "lost_found": "not-found",
    "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self",
}  # fmt: skip


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_only_this_city(html: str, m, url: str) -> None:
    leaked = [name for name in other_cities_names(m) if name in html]
    assert leaked == [], f"{url} shows another city's {leaked}"


# --- the data ----------------------------------------------------------------
def test_the_city_loads_with_a_valid_code_and_every_procedure_the_code_names(city):
    from madoguchi.rules.assumptions import load_assumptions
    from madoguchi.rules.forecast import load_forecast_settings
    from madoguchi.rules.queue_data import load_queue_data

    assert is_valid_local_government_code(city.city.local_government_code)
    assert REQUIRED_PROCEDURES <= set(city.catalog.procedures)
    assert city.city.offices and all(city.calendar(o.id) for o in city.city.offices)
    assert {w.office for w in load_queue_data(city.city.id).windows} <= {o.id for o in city.city.offices}
    assert load_forecast_settings(city.city.id).open_data_min_count >= 0
    for a in load_assumptions(city.data_dir):  # each names where its value is, and what stands behind it
        assert a.sources and (DATA_ROOT / a.where.split()[0]).is_file(), a.id


# --- the guide -----------------------------------------------------------------
def test_the_guide_home_names_the_city_and_no_other(city):
    for lang in ("ja", "en", "easy"):
        html = page(f"/{lang}/")
        assert city.city.name.get(lang) in html or city.city.name.ja in html, lang
        assert_only_this_city(html, city, f"/{lang}/")


def test_every_procedure_page_shows_the_city_and_its_counter(city):
    office = city.city.office()
    for procedure in city.catalog.all():
        url = f"/ja/procedures/{procedure.id}/"
        html = page(url)
        assert city.city.name.ja in html, url
        if procedure.service_hours == "counter":
            assert office.name.ja in html, url
        assert_only_this_city(html, city, url)


def test_an_outcome_names_the_citys_counter_and_the_24_hour_line(city):
    url = "/ja/guide/outcome/?" + urlencode(LOST_OUTSIDE)
    html = page(url)
    assert city.city.office().name.ja in html
    assert all(c.phone in html for c in city.contacts_for_procedure("suspend-lost-card") if c.phone)
    assert_only_this_city(html, city, url)


# --- booking ---------------------------------------------------------------------
@pytest.mark.django_db
def test_bookable_days_and_slots_follow_the_citys_calendar(city):
    from madoguchi.booking.services import slots

    day = first_open_day(city, BOOKED, NOW.date())
    assert slots.open_slots(BOOKED, day, day) > 0
    found = slots.available(BOOKED, day, day)
    hours = city.day(BOOKED, day).hours
    assert found and {s.office_id for s in found} == {city.city.office().id}
    minutes = lambda t: t.hour * 60 + t.minute  # noqa: E731 (the calendar's intervals are minutes of the day)
    assert hours[0].start <= minutes(found[0].start) and minutes(found[-1].end) <= hours[-1].end


@pytest.mark.django_db
def test_a_booking_end_to_end_names_the_citys_counter(city, smtp_inbox):
    from madoguchi.booking.models import Booking
    from madoguchi.booking.services import bookings, slots
    from madoguchi.booking.services.confirmations import compose
    from madoguchi.booking.services.visitor import Visitor
    from madoguchi.notices.models import Notice
    from madoguchi.notices.services.mail import send_pending_mail

    day = first_open_day(city, BOOKED, NOW.date())
    slots.open_slots(BOOKED, day, day)
    slot = slots.available(BOOKED, day, day)[0]
    confirmation = bookings.book(Actor.public(), slot.pk, BOOKED, Visitor("窓口 花子", "マドグチ ハナコ", "hanako@example.jp", "", 1))
    assert Booking.objects.get(pk=confirmation.booking.pk).status == Booking.Status.CONFIRMED
    mail = compose(Notice.objects.get(kind__startswith="booking", subject_id=str(confirmation.booking.pk)))
    text = mail.subject + "\n" + mail.body
    assert city.city.office().name.ja in text
    assert_only_this_city(text, city, "the confirmation mail")
    send_pending_mail(NOW.date())
    assert [m["From"] for m in smtp_inbox.messages] == [city.city.mail_from]  # city.yaml mail_from


# --- the counter -------------------------------------------------------------------
@pytest.mark.django_db
def test_the_counter_records_a_renewal_through_the_services(city):
    from madoguchi.counter.models import Card, Case, Certificate, Resident
    from madoguchi.counter.services.certificates import certificate_renewal
    from madoguchi.counter.services.visits import Applicant

    resident = Resident.objects.create(
        family_name="窓口", given_name="花子", family_name_kana="マドグチ", given_name_kana="ハナコ", birth_date=date(1990, 6, 15),
        sex="female", address=f"{city.city.prefecture.ja}{city.city.name.ja}1-1-1", household="H0001",
    )  # fmt: skip
    card = Card.objects.create(resident=resident, status="active", issued=date(2020, 3, 10), expires=date(2029, 6, 15), expiry_basis="birthday")
    for kind in ("user", "signature"):
        Certificate.objects.create(card=card, kind=kind, status="active", issued=date(2021, 12, 1), expires=date(2026, 12, 15))
    result = certificate_renewal(Actor("tanaka", "clerk"), card.pk, Applicant(documents=("my-number-card", "certificate-pins")))
    assert result.case is not None and Case.objects.filter(pk=result.case.pk, procedure="certificate-renewal").exists()
    assert all(c.expires > date(2026, 12, 15) for c in Certificate.objects.filter(card=card, status="active"))


@pytest.mark.django_db
def test_the_queue_issues_and_calls_a_ticket_at_the_citys_office(city):
    from madoguchi.queue.services import board, calls, tickets
    from madoguchi.queue.services.windows import windows

    board._cache.clear()
    office = city.city.office().id
    day = first_open_day(city, "certificate-renewal", NOW.date())
    with clock.pinned(datetime.combine(day, time(10, 0), tzinfo=clock.TOKYO)):
        ticket = tickets.issue(Actor("clerk1", "clerk"), None, "certificate-renewal")
        assert ticket.office_id == office
        window = next(w.number for w in windows(office) if "certificate-renewal" in w.procedures)
        assert calls.call_next(Actor("clerk1", "clerk"), office, window).pk == ticket.pk


# --- notices -------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_daily_notice_batch_writes_the_citys_counter_and_contact(city):
    from madoguchi.counter.models import Card, Certificate, Resident
    from madoguchi.notices.models import Notice
    from madoguchi.notices.services.batch import run_batch
    from madoguchi.notices.services.content import content_of

    resident = Resident.objects.create(
        family_name="窓口", given_name="太郎", family_name_kana="マドグチ", given_name_kana="タロウ", birth_date=date(1980, 4, 1),
        sex="male", address=f"{city.city.prefecture.ja}{city.city.name.ja}2-2-2", household="H0002",
    )  # fmt: skip
    card = Card.objects.create(resident=resident, status="active", issued=date(2020, 1, 10), expires=date(2030, 1, 10), expiry_basis="birthday")
    for kind in ("user", "signature"):
        Certificate.objects.create(card=card, kind=kind, status="active", issued=date(2022, 7, 1), expires=date(2027, 7, 7))
    opens = city.as_of(NOW.date()).validity  # the window's first day under this city's settings
    from madoguchi.rules.validity import renewal_window_opens

    day = renewal_window_opens(opens, date(2027, 7, 7))
    run_batch(day)
    notice = Notice.objects.get(kind="certificate-renewal-window", channel="letter")
    content = content_of(notice)
    text = "\n".join([content.subject, *content.body, content.office, content.contact])
    assert city.city.office().name.ja in content.office
    inquiries = city.city.contacts_for("inquiries")
    assert not inquiries or (inquiries[0].phone or "") in content.contact
    assert_only_this_city(text, city, "the renewal letter")


# --- the CLI ---------------------------------------------------------------------------
def cli(capsys, *argv: str) -> dict | list:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_the_cli_answers_from_the_named_citys_data(city, capsys, settings):
    name = city.city.id
    settings.MADOGUCHI_CITY = "no-such-city"  # `--city` alone names the city
    proc = cli(capsys, "--city", name, "procedure", "suspend-lost-card", "--json")
    assert proc["id"] == "suspend-lost-card"
    assert set(city.catalog.get("suspend-lost-card").sources) <= set(proc["sources"]) <= set(city.city.sources.values())
    validity = cli(capsys, "--city", name, "validity", "--birth-date", "1990-06-15", "--issued", "2020-03-10", "--json")
    assert validity["card_expires"] == "2029-06-15"  # the 10th birthday after issue (national rules)
    # A week of the counter's days, a Saturday and a Sunday among them: they answer as this city's calendar.
    days = cli(capsys, "--city", name, "calendar", "--procedure", BOOKED, "--from", "2026-11-23", "--to", "2026-11-29", "--json")
    expected = city.days(BOOKED, date(2026, 11, 23), date(2026, 11, 29))
    assert [d["open"] for d in days] == [d.open for d in expected]


@pytest.mark.django_db
def test_the_forecast_command_plans_the_citys_offices(city, capsys, settings):
    settings.MADOGUCHI_CITY = "no-such-city"  # `--city` names the city for the Django side too
    rows = cli(capsys, "--city", city.city.id, "forecast", "--from", "2027-01-04", "--to", "2027-01-31", "--by", "week", "--json")
    assert rows and {r["office"] for r in rows} == {o.id for o in city.city.offices}


# --- open data ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_open_data_answers_for_the_citys_offices_only(city):
    from madoguchi.booking.services.slots import open_slots

    office = city.city.office().id
    day = first_open_day(city, "certificate-renewal", NOW.date())
    open_slots("certificate-renewal", day, day, office)
    response = Client().get("/api/v1/open-data/availability", {"office": office, "procedure": "certificate-renewal"})
    assert response.status_code == 200 and response.json()["office"] == office
    not_ours = Client().get("/api/v1/open-data/availability", {"office": "no-such-office", "procedure": "certificate-renewal"})
    assert not_ours.status_code == 422
    assert office in not_ours.json()["detail"]  # the message names this city's offices, no other's
    assert_only_this_city(not_ours.content.decode(), city, "the open data's problem")


# --- the staff side and the queue's public pages ------------------------------------------
@pytest.mark.django_db
def test_the_staff_pages_and_the_queue_pages_are_the_citys(city, clerk_client):
    office = city.city.office().id
    day = first_open_day(city, BOOKED, NOW.date())
    urls = [
        "/staff/",
        f"/staff/bookings/?date={day.isoformat()}",
        "/staff/forecast/?procedure=certificate-renewal&from=2027-01-04&to=2027-01-31",
        "/staff/queue/",
        "/staff/queue/reception/",
        f"/staff/notices/?date={day.isoformat()}",
    ]
    for url in urls:
        response = clerk_client.get(url)
        assert response.status_code == 200, url
        assert_only_this_city(response.content.decode(), city, url)
    for url in ["/ja/queue/", f"/queue/display/{office}/"]:
        html = page(url)
        assert_only_this_city(html, city, url)
