"""The division is the city's data (city.yaml `division`): the shared catalogs write
`{division}`, and the catalog fills it with the served city's name in each
language. A city whose division is 市民窓口課 reads 市民窓口課 in the booking's mail,
its calendar entry and the guide's counter channel; a city whose division is
市民課 reads as before (core/messages.py, ADR 0033)."""

from __future__ import annotations

import re
import shutil

import pytest
from django.test import Client
from icalendar import Calendar

from madoguchi.audit.services import Actor
from madoguchi.cli import main as cli_main
from madoguchi.cli import rules_commands
from madoguchi.core.messages import PACKAGE_ROOT, catalog_city_as, message
from madoguchi.rules.loader import load_municipality

from .conftest import CITIES, NOW, first_open_day, use_city

BOOKED = "card-info-change"  # booked at the counter only: its guide page names the counter channel alone
RENAMED = {"ja": "市民窓口課", "en": "Residents' Counter Division", "easy": "市民窓口課《しみんまどぐちか》", "zh": "市民窗口课"}


@pytest.fixture
def renamed(city, settings, tmp_path):
    """The city's own data with another division's name, served: nothing else in it says 市民窓口課."""
    folder = tmp_path / city.city.id
    shutil.copytree(city.data_dir, folder)
    path = folder / "city.yaml"
    line = "division: {" + ", ".join(f'{lang}: "{name}"' for lang, name in RENAMED.items()) + "}"
    text, n = re.subn(r"(?m)^division: .*$", line, path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")
    return use_city(settings, str(folder))


def book(m, lang: str):
    from madoguchi.booking.services import bookings, slots
    from madoguchi.booking.services.visitor import Visitor

    day = first_open_day(m, BOOKED, NOW.date())
    slots.open_slots(BOOKED, day, day)
    slot = slots.available(BOOKED, day, day)[0]
    return bookings.book(Actor.public(), slot.pk, BOOKED, Visitor("窓口 花子", "マドグチ ハナコ", "hanako@example.jp", "", 1, lang)).booking


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en", "easy"])
def test_the_booking_mail_and_its_calendar_entry_name_the_citys_division(renamed, lang):
    from madoguchi.booking.services.confirmations import compose
    from madoguchi.notices.models import Notice

    booking = book(renamed, lang)
    mail = compose(Notice.objects.get(kind="booking-made", subject_id=str(booking.pk)))
    intro = mail.body.splitlines()[2]
    shown = {"ja": "市民窓口課窓口の予約を受け付けました", "en": "Your visit to the Residents' Counter Division counter is booked",
             "easy": "市民窓口課（しみんまどぐちか）の 窓口（まどぐち）の"}[lang]  # plain text: the readings bracketed
    assert intro.startswith(shown), intro
    [(name, ics, _)] = mail.attachments
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    city = renamed.city.name.get(lang if lang != "easy" else "ja")  # a calendar shows no readings
    division = {"ja": "市民窓口課窓口", "en": "Residents' Counter Division counter", "easy": "市民窓口課"}[lang]
    assert str(event["summary"]).startswith(f"{city} {division}: "), event["summary"]


@pytest.mark.django_db
def test_the_guides_counter_channel_names_the_citys_division(renamed):
    def channels(lang: str) -> str:
        return Client().get(f"/{lang}/procedures/{BOOKED}/").content.decode()

    assert "<p>市民窓口課窓口</p>" in channels("ja")
    assert "<p>At the Residents&#x27; Counter Division counter</p>" in channels("en")
    assert "<p><ruby>市民窓口課<rt>しみんまどぐちか</rt></ruby>の <ruby>窓口<rt>まどぐち</rt></ruby></p>" in channels("easy")
    assert "<p>在市民窗口课窗口</p>" in channels("zh")


@pytest.mark.parametrize("name", CITIES)
def test_a_city_whose_division_is_the_citizen_division_reads_as_before(name):
    assert load_municipality(name).city.division.ja == "市民課"
    with catalog_city_as(name):
        assert [message("guide.channel.counter", lang) for lang in ("ja", "en", "easy", "zh")] == [
            "市民課窓口", "At the Citizen Division counter", "市民課《しみんか》の 窓口《まどぐち》", "在市民课窗口",
        ]
        fmt = {"city": "X市", "procedure": "P", "reference": "R"}
        assert message("booking.ics.summary", "ja", **fmt) == "X市 市民課窓口: P（予約番号 R）"
        assert message("booking.ics.summary", "en", **fmt) == "X市 Citizen Division counter: P (booking R)"
        assert message("booking.mail.intro.booking-made", "easy").startswith("市民課《しみんか》の 窓口《まどぐち》の 予約《よやく》が")


def test_no_shared_catalog_writes_a_citys_division_by_name():
    """The catalogs serve every city: a division's name there would be wrong for the next one."""
    names = {name for city in CITIES for name in load_municipality(city).city.division.languages.values()}
    names |= {re.sub(r"《[^》]*》", "", n) for n in names} | {"しみんか"}
    found = [
        f"{path.relative_to(PACKAGE_ROOT)}:{number}"
        for path in sorted(PACKAGE_ROOT.glob("**/messages*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(name in line for name in names)
    ]
    assert found == []


def test_the_command_line_names_the_division_of_the_city_given(renamed, monkeypatch, capsys, settings):
    """`madoguchi --city X …` fills the catalog from X's data, whatever the settings say."""
    settings.MADOGUCHI_CITY = "no-such-city"
    monkeypatch.setattr(rules_commands, "cmd_procedures", lambda args: print(message("guide.channel.counter", "ja")) or 0)
    assert cli_main.main(["--city", renamed.data_dir, "procedures"]) == 0
    assert capsys.readouterr().out == "市民窓口課窓口\n"
