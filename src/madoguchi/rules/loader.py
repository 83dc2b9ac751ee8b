"""Loading a municipality's data files, validated, into a `Municipality`.

The national rules (data/national/) are the same for every city; a city's
folder (data/<city>/) holds its own: city.yaml, calendar.yaml,
procedures.yaml and settings.yaml. Every problem is reported with the file,
the key and what is wrong (a `DataError`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .calendar import (
    CLOSED_REASONS,
    WEEKDAY_NAMES,
    CalendarRules,
    Closure,
    CounterCalendar,
    Interval,
    Opening,
    Restriction,
    YearEnd,
)
from .catalog import (
    APPLICANT_TYPES,
    CHANNELS,
    SERVICE_HOURS,
    Applicant,
    Catalog,
    Condition,
    Document,
    FeeItem,
    FeeSchedule,
    FollowUp,
    Procedure,
    ProcedureGroup,
    Processing,
    Requirement,
)
from .city import CONTACT_PURPOSES, City, Contact, Office, is_valid_local_government_code
from .datafile import Node, read_yaml
from .dated import Dated, DatedText, read_dated
from .dates import AGE_RECKONINGS, LEAP_DAY_RULES
from .errors import DataError
from .municipality import Municipality, PinRule
from .notices import CHANNELS as NOTICE_CHANNELS
from .notices import NOTICE_KINDS, NoticeKind
from .overlay import overlay_procedures
from .required_procedures import REQUIRED_PROCEDURES
from .text import Text
from .validity import AgeLine, ValidityRules

T = TypeVar("T")

DATA_ROOT = Path(__file__).resolve().parent.parent / "data"
RENEWAL_WINDOW_STARTS = ("day_after", "same_day")
PIN_FORMATS = ("digits4", "alnum6to16")
PIN_COUNTING = ("consecutive", "cumulative")
# City settings and the values each may take (None: true or false).
CITY_SETTINGS: dict[str, tuple[str, ...] | None] = {
    "renewal_window_starts": RENEWAL_WINDOW_STARTS,
    "leap_day_birthday": LEAP_DAY_RULES,
    "age_reckoning": AGE_RECKONINGS,
    "accept_two_private_documents": None,
    "pin_failure_counting": PIN_COUNTING,
}


def city_folder(city: str) -> Path:
    """The data folder of `city`: a city id under data/, or a path."""
    return Path(city) if ("/" in city or city.startswith(".")) else DATA_ROOT / city


def city_mail_from(city: str) -> str:
    """The address the city's mail is sent from (city.yaml `mail_from`), read
    alone: the settings ask it when the process starts (DEFAULT_FROM_EMAIL)."""
    folder = city_folder(city)
    return _mail_from(read_yaml(folder / "city.yaml", f"{folder.name}/city.yaml").get("mail_from"))


def _mail_from(node: Node) -> str:
    address = node.str()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise node.fail(f"{address!r} is not a mail address; write it as name@example.lg.jp")
    return address


def read_sources(national: Path, city_dir: Path | None = None) -> dict[str, str]:
    """Source id -> address: national/sources.yaml, and the city's own pages
    from its sources.yaml when it has one (an id names one page only)."""
    found: dict[str, str] = {}
    files = [national / "sources.yaml"] + ([city_dir / "sources.yaml"] if city_dir and (city_dir / "sources.yaml").is_file() else [])
    for path in files:
        root = read_yaml(path, f"{path.parent.name}/sources.yaml")
        if path.parent != national:
            root.check_keys({"sources", "national_evidence"})
        for key, node in root.get("sources").mapping().items():
            address = node.str()
            if not address.startswith("https://"):
                raise node.fail("must be an https:// address")
            if key in found:
                raise node.fail(f"the source id {key!r} is already in national/sources.yaml; give the page another id")
            found[key] = address
    return found


@functools.lru_cache(maxsize=8)
def load_municipality(city: str) -> Municipality:
    """The municipality named `city` (a folder under data/) or at a path."""
    city_dir = city_folder(city)
    if not city_dir.is_dir():
        raise DataError(str(city_dir), "(folder)", "no such data folder; give a city id under data/ or a path")
    return _Loader(DATA_ROOT / "national", city_dir).load()


class _Loader:
    def __init__(self, national: Path, city_dir: Path):
        self.national = national
        self.city_dir = city_dir
        self.city_label = city_dir.name

    def read(self, folder: Path, name: str) -> Node:
        return read_yaml(folder / name, f"{folder.name}/{name}")

    def load(self) -> Municipality:
        self.dated_numbers: dict[str, Dated[int]] = {}  # the renewal window, PIN lock counts (by date)
        n_sources = self.read(self.national, "sources.yaml")
        self.sources = read_sources(self.national, self.city_dir)
        self.national_sources = frozenset(read_sources(self.national))
        self.evidence = self._national_evidence()
        self.evidence_used: set[str] = set()
        resident_facing = {self.sources[i] for i in self._source_ids(n_sources.get("resident_facing"))}

        settings = self._settings(self.read(self.city_dir, "settings.yaml"))
        rules = self.read(self.national, "rules.yaml")
        rules.check_keys({"validity", "calendar", "pins", "kiosk", "residence_card", "driving_licence", "health_insurance"})
        validity = self._validity(rules.get("validity"), settings)
        kiosk = rules.get("kiosk")
        kiosk.check_keys({"resets_user_certificate_pin"})
        dated = {"kiosk_resets_user_certificate_pin": self._dated(kiosk.get("resets_user_certificate_pin"), Node.bool)}
        residence_card = rules.get("residence_card")
        residence_card.check_keys({"tokutei_zairyu_card"})
        dated["tokutei_zairyu_card"] = self._dated(residence_card.get("tokutei_zairyu_card"), Node.bool)
        licence = rules.get("driving_licence")
        licence.check_keys({"on_card", "carries_over_only_online", "re_recording_fee_yen", "online_keeps_for", "new_card_procedures"})
        dated["driving_licence_on_card"] = self._dated(licence.get("on_card"), Node.bool)
        dated["driving_licence_carries_over_only_online"] = self._dated(licence.get("carries_over_only_online"), Node.bool)
        dated["driving_licence_re_recording_fee_yen"] = self._dated(licence.get("re_recording_fee_yen"), lambda n: n.int(minimum=0))
        insurance = rules.get("health_insurance")
        insurance.check_keys({"months_usable_after_expiry"})
        dated["insurance_months_usable_after_expiry"] = self._dated(
            insurance.get("months_usable_after_expiry"), lambda n: n.int(minimum=0)
        )
        pins = self._pins(rules.get("pins"), settings)
        calendar_node = rules.get("calendar")
        calendar_node.check_keys({"jlis_maintenance_sunday", "sources", "closed_reasons"})
        self._source_ids(calendar_node.get("sources"))
        reasons = calendar_node.get("closed_reasons")
        reasons.check_keys(set(CLOSED_REASONS) | {"outside_hours"})
        texts = {code: reasons.get(code).text() for code in [*CLOSED_REASONS, "outside_hours"] if code != "procedure_restriction" and code != "city_closure"}
        if "{name}" not in texts["national_holiday"].ja:
            raise reasons.get("national_holiday").fail("must contain {name} where the holiday's name goes")

        catalog = self._catalog()
        for key in ("online_keeps_for", "new_card_procedures"):
            ids = []
            for item in licence.get(key).items():
                if item.str() not in catalog.procedures:
                    raise item.fail(f"unknown procedure {item.value!r}; the city does not offer it (its procedures.yaml `offers`)")
                ids.append(item.str())
            dated[f"driving_licence_{key}"] = Dated.always(tuple(ids))
        city = self._city(self.read(self.city_dir, "city.yaml"))
        self._check_procedure_contacts(catalog, city)
        cal = self.read(self.city_dir, "calendar.yaml")
        cal.check_keys({"year_end", "restrictions", "closures", "openings"})
        calendars = {
            office.id: CounterCalendar(
                CalendarRules(
                    weekly_hours=office.weekly_hours,
                    year_end=self._year_end(cal.get("year_end")),
                    maintenance_sunday=calendar_node.get("jlis_maintenance_sunday").bool(),
                    closures=tuple(self._closure(c, catalog) for c in cal.get("closures", []).items()),
                    openings=tuple(self._opening(o, catalog) for o in cal.get("openings", []).items()),
                    restrictions=tuple(self._restriction(r, catalog) for r in cal.get("restrictions", []).items()),
                    timezone=city.timezone,
                    texts=texts,
                )
            )
            for office in city.offices
        }
        notices = self._notices(self.read(self.city_dir, "notices.yaml"), catalog)
        dated.update(self.dated_numbers)
        for key, node in self.evidence.items():
            if key not in self.evidence_used:
                raise node.fail("no national value with its own `sources` stands there; write the file and key as in "
                                "'national/documents.yaml documents.power-of-attorney'")
        # What a resident is shown: national sources and the city's own pages.
        resident_facing |= {self.sources[s.str()] for s in self.read(self.city_dir, "city.yaml").get("sources").items()}
        return Municipality(
            resident_sources=frozenset(resident_facing),
            notices=notices,
            city=city,
            catalog=catalog,
            calendars=calendars,
            validity=validity,
            pins=pins,
            settings=settings,
            data_dir=str(self.city_dir),
            texts=texts,
            dated=dated,
        )

    # --- sources ---------------------------------------------------------
    def _national_evidence(self) -> dict[str, Node]:
        """The city's pages cited beside national values that no national
        source states yet (the city's sources.yaml `national_evidence`: the
        national file and key -> source ids; ADR 0024)."""
        path = self.city_dir / "sources.yaml"
        if not path.is_file():
            return {}
        return read_yaml(path, f"{self.city_label}/sources.yaml").get("national_evidence", {}).mapping()

    def _source_ids(self, node: Node) -> tuple[str, ...]:
        ids = []
        items = node.items()
        national = node.file.startswith("national/")
        if national:  # the city's own pages for what no national source states yet
            parent = "" if node.path == "sources" else node.path.removesuffix(".sources")
            where = f"{node.file} {parent}".strip()
            if where in self.evidence:
                self.evidence_used.add(where)
                items = items + self.evidence[where].items()
        if not items:
            raise node.fail(
                "must name at least one source (an id from national/sources.yaml)"
                + ("; a value only a city's page states is cited from that city's sources.yaml `national_evidence`" if national else "")
            )
        for item in items:
            key = item.str()
            if key not in self.sources:
                raise item.fail(f"unknown source {key!r}; add its address to national/sources.yaml first")
            if item.file.startswith("national/") and key not in self.national_sources:
                raise item.fail(
                    f"{key!r} is a city's page ({self.city_label}/sources.yaml): a national file cites national sources only; "
                    "cite a national source that says the same, or cite the city's page from the city's files "
                    "(its procedures.yaml, or its sources.yaml `national_evidence`)"
                )
            ids.append(key)
        return tuple(ids)

    def _addresses(self, node: Node) -> tuple[str, ...]:
        return tuple(self.sources[s] for s in self._source_ids(node))

    # --- dated values (rules/dated.py) --------------------------------------
    def _dated_number(self, name: str, node: Node, minimum: int = 0) -> int:
        """A number the law may change on a date: kept by `name` for
        `Municipality.as_of(day)`; the newest is the undated whole's."""
        dated = self._dated(node, lambda n: n.int(minimum=minimum))
        self.dated_numbers[name] = dated
        return dated.latest

    def _dated(self, node: Node, parse: Callable[[Node], T]) -> Dated[T]:
        return read_dated(node, parse, self._addresses)

    def _texts(self, node: Node) -> tuple[Text, ...]:
        """A list of texts; an item {text, effective, until, sources} holds only in its period."""
        return tuple(self._text(item) for item in node.items())

    def _text(self, item: Node) -> Text:
        if not (isinstance(item.value, dict) and "text" in item.value):
            return item.text()
        item.check_keys({"text", "effective", "until", "sources"})
        text = item.get("text").text()
        effective = item.get("effective", None).optional_date()
        until = item.get("until", None).optional_date()
        if effective is None and until is None:
            raise item.fail("a dated text needs `effective` (from), `until` (before) or both; else write the text alone")
        if effective is not None and until is not None and until <= effective:
            raise item.get("until").fail("`until` must be after `effective`")
        sources = self._addresses(item.get("sources"))  # a change of the law names where it was read
        return DatedText(**text.languages, effective=effective, until=until, sources=sources)

    # --- settings and national rules --------------------------------------
    def _settings(self, node: Node) -> dict[str, object]:
        node.check_keys({"settings", "sources"})
        self._source_ids(node.get("sources"))
        values = node.get("settings")
        values.check_keys(set(CITY_SETTINGS))
        out: dict[str, object] = {}
        for key, choices in CITY_SETTINGS.items():
            if values.has(key):
                out[key] = values.get(key).bool() if choices is None else values.get(key).choice(choices)
        return out

    def _validity(self, node: Node, settings: dict[str, object]) -> ValidityRules:
        node.check_keys(
            {
                "card_birthdays_adult",
                "card_birthdays_minor",
                "age_lines",
                "certificate_birthdays",
                "signature_certificate_min_age",
                "renewal_window_months",
                "renewal_window_starts",
                "leap_day_birthday",
                "age_reckoning",
                "sources",
            }
        )
        self._source_ids(node.get("sources"))
        lines = []
        line_nodes = node.get("age_lines").items()
        for i, line in enumerate(line_nodes):
            line.check_keys({"age", "until"})
            until = line.get("until", None).optional_date()
            if (until is None) != (i == len(line_nodes) - 1):
                raise line.fail("only the last age line is open-ended (has no `until`)")
            if lines and until is not None and lines[-1].until is not None and until <= lines[-1].until:
                raise line.get("until").fail("age lines must be in date order")
            lines.append(AgeLine(age=line.get("age").int(minimum=0), until=until))
        if not lines:
            raise node.get("age_lines").fail("must list at least one age line")
        return ValidityRules(
            card_birthdays_adult=node.get("card_birthdays_adult").int(minimum=1),
            card_birthdays_minor=node.get("card_birthdays_minor").int(minimum=1),
            certificate_birthdays=node.get("certificate_birthdays").int(minimum=1),
            age_lines=tuple(lines),
            signature_certificate_min_age=node.get("signature_certificate_min_age").int(minimum=0),
            renewal_window_months=self._dated_number("renewal_window_months", node.get("renewal_window_months")),
            renewal_window_starts=str(
                settings.get("renewal_window_starts") or node.get("renewal_window_starts").choice(RENEWAL_WINDOW_STARTS)
            ),
            leap_day_birthday=str(
                settings.get("leap_day_birthday") or node.get("leap_day_birthday").choice(LEAP_DAY_RULES)
            ),
            age_reckoning=str(settings.get("age_reckoning") or node.get("age_reckoning").choice(AGE_RECKONINGS)),
        )

    def _pins(self, node: Node, settings: dict[str, object]) -> dict[str, PinRule]:
        pins: dict[str, PinRule] = {}
        for key, pin in node.mapping().items():
            if key == "sources":
                self._source_ids(pin)
            elif key == "failure_counting":
                settings.setdefault("pin_failure_counting", pin.choice(PIN_COUNTING))
            else:
                pin.check_keys({"format", "locks_after"})
                locks = self._dated_number(f"pin_locks_after:{key}", pin.get("locks_after"), minimum=1)
                pins[key] = PinRule(key, pin.get("format").choice(PIN_FORMATS), locks)
        return pins

    # --- the city ----------------------------------------------------------
    def _city(self, node: Node) -> City:
        node.check_keys(
            {"id", "name", "prefecture", "division", "local_government_code", "timezone", "sources", "offices", "contacts",
             "mail_from"}
        )
        self._source_ids(node.get("sources"))
        code_node = node.get("local_government_code")
        code = code_node.str() if isinstance(code_node.value, str) else str(code_node.value)
        if not is_valid_local_government_code(code):
            raise code_node.fail(
                f"{code!r} is not a valid 地方公共団体コード (6 digits whose last is the check digit); "
                "quote it in YAML so a leading zero is kept"
            )
        office_nodes = node.get("offices").items()
        offices = tuple(self._office(o) for o in office_nodes)
        if not offices:
            raise node.get("offices").fail("must list at least one office")
        seen: set[str] = set()
        for office, office_node in zip(offices, office_nodes):
            if office.id in seen:
                raise office_node.get("id").fail(f"another office already has the id {office.id!r}; each office needs its own")
            seen.add(office.id)
        timezone = node.get("timezone")
        try:
            ZoneInfo(timezone.str())
        except (ZoneInfoNotFoundError, ValueError):
            raise timezone.fail(f"unknown time zone {timezone.value!r}; use an IANA name such as Asia/Tokyo") from None
        return City(
            id=node.get("id").str(),
            name=node.get("name").text(),
            prefecture=node.get("prefecture").text(),
            division=node.get("division").text(),
            local_government_code=code,
            timezone=timezone.str(),
            offices=offices,
            contacts=self._contacts(node.get("contacts", [])),
            mail_from=_mail_from(node.get("mail_from")),
            sources=dict(self.sources),
        )

    def _office(self, node: Node) -> Office:
        node.check_keys({"id", "name", "address", "map_url", "hours", "sources"})
        hours = node.get("hours")
        hours.check_keys({"weekdays", "saturday", "sunday", *WEEKDAY_NAMES})
        by_day: list[tuple[Interval, ...]] = [() for _ in range(7)]
        groups = {"weekdays": range(0, 5), "saturday": [5], "sunday": [6]}
        for key, value in hours.mapping().items():
            days = groups.get(key) or [WEEKDAY_NAMES.index(key)]
            intervals = self._intervals(value)
            for d in days:
                by_day[d] = intervals
        return Office(
            id=node.get("id").str(),
            name=node.get("name").text(),
            address=node.get("address").text(),
            map_url=node.get("map_url").str(),
            weekly_hours=tuple(by_day),
            sources=self._addresses(node.get("sources")),
        )

    def _intervals(self, node: Node) -> tuple[Interval, ...]:
        out = []
        for item in node.items():
            pair = item.items()
            if len(pair) != 2:
                raise item.fail('must be a pair of times, e.g. ["08:30", "17:00"]')
            for time_node in pair:
                if isinstance(time_node.value, int) and not isinstance(time_node.value, bool):
                    # YAML 1.1 reads an unquoted 17:00 as a number of minutes (1020).
                    raise item.fail('write each time in quotes, e.g. ["08:30", "17:00"]: unquoted, YAML reads 17:00 as the number 1020')
            try:
                interval = Interval.parse(pair[0].str(), pair[1].str())
            except ValueError as e:
                raise item.fail(str(e)) from None
            if interval.end <= interval.start:
                raise item.fail("the closing time must be after the opening time")
            if out and interval.start < out[-1].end:
                raise item.fail("hours must be in order and must not overlap")
            out.append(interval)
        return tuple(out)

    def _contacts(self, city_contacts: Node) -> tuple[Contact, ...]:
        """The city's own contacts, then the national ones (the 24-hour
        suspension lines, national/contacts.yaml): the same for every city."""
        national = self.read(self.national, "contacts.yaml")
        national.check_keys({"contacts"})
        national_nodes = national.get("contacts").items()
        national_contacts = [self._contact(c) for c in national_nodes]
        seen = {c.id for c in national_contacts}
        contacts = []
        for node in city_contacts.items():
            contact = self._contact(node)
            if contact.id in seen:
                raise node.get("id").fail(f"another contact already has the id {contact.id!r} (here or in national/contacts.yaml)")
            seen.add(contact.id)
            contacts.append(contact)
        return tuple(contacts + national_contacts)

    def _contact(self, node: Node) -> Contact:
        node.check_keys({"id", "purpose", "label", "phone", "fax", "mail", "hours", "note", "sources"})
        contact = Contact(
            id=node.get("id").str(),
            label=node.get("label").text(),
            phone=node.get("phone", None).optional_str(),
            fax=node.get("fax", None).optional_str(),
            mail=node.get("mail", None).optional_str(),
            hours=node.get("hours", None).optional_text(),
            purpose=node.get("purpose").choice(CONTACT_PURPOSES),
            note=node.get("note", None).optional_text(),
            sources=self._addresses(node.get("sources")),
        )
        if not (contact.phone or contact.fax or contact.mail):
            raise node.fail("a contact needs a phone, a fax or a mail address")
        if contact.mail and "@" not in contact.mail:
            raise node.get("mail").fail("must be a mail address with @ (write @, not (at))")
        return contact

    def _check_procedure_contacts(self, catalog: Catalog, city: City) -> None:
        """A procedure done through the city's contacts (the 24-hour lines) needs one."""
        for node, proc in zip(self.procedure_nodes, catalog.procedures.values()):
            for i, purpose in enumerate(proc.contacts):
                if not city.contacts_for(purpose):
                    raise node.get("contacts").items()[i].fail(
                        f"neither city.yaml nor national/contacts.yaml has a contact with purpose {purpose!r}; "
                        "add one (its number and source) to `contacts`"
                    )

    # --- the calendar --------------------------------------------------------
    def _year_end(self, node: Node) -> YearEnd:
        node.check_keys({"from", "to", "sources"})

        def month_day(n: Node) -> tuple[int, int]:
            text = n.str()
            try:
                d = date.fromisoformat(f"2000-{text}")
            except ValueError:
                raise n.fail(f'must be a month and day as "MM-DD", got {text!r}') from None
            return (d.month, d.day)

        self._source_ids(node.get("sources"))
        return YearEnd(month_day(node.get("from")), month_day(node.get("to")), ",".join(self._addresses(node.get("sources"))))

    def _procedure_set(self, node: Node, catalog: Catalog) -> frozenset[str] | None:
        if node.value is None:
            return None
        if not node.items():
            raise node.fail("must list at least one procedure; leave 'procedures' out to mean every procedure")
        ids = frozenset(item.str() for item in node.items())
        for item in node.items():
            if item.value not in catalog.procedures:
                raise item.fail(f"unknown procedure {item.value!r}")
        return ids

    def _closure(self, node: Node, catalog: Catalog) -> Closure:
        node.check_keys({"date", "reason", "procedures", "sources"})
        return Closure(
            date=node.get("date").date(),
            reason=node.get("reason").text(),
            procedures=self._procedure_set(node.get("procedures", None), catalog),
            source=",".join(self._addresses(node.get("sources"))),
        )

    def _opening(self, node: Node, catalog: Catalog) -> Opening:
        node.check_keys({"date", "hours", "reason", "procedures", "sources"})
        hours = self._intervals(node.get("hours"))
        if not hours:
            raise node.get("hours").fail("an opening needs its hours")
        return Opening(
            date=node.get("date").date(),
            hours=hours,
            reason=node.get("reason").text(),
            procedures=self._procedure_set(node.get("procedures", None), catalog),
            source=",".join(self._addresses(node.get("sources"))),
        )

    def _restriction(self, node: Node, catalog: Catalog) -> Restriction:
        node.check_keys({"procedure", "closed_weekdays", "reason", "sources"})
        pid = node.get("procedure")
        if pid.str() not in catalog.procedures:
            raise pid.fail(f"unknown procedure {pid.value!r}")
        return Restriction(
            procedure=pid.str(),
            closed_weekdays=frozenset(WEEKDAY_NAMES.index(d.choice(WEEKDAY_NAMES)) for d in node.get("closed_weekdays").items()),
            reason=node.get("reason").text(),
            source=",".join(self._addresses(node.get("sources"))),
        )

    # --- notices ---------------------------------------------------------------
    def _notices(self, node: Node, catalog: Catalog) -> dict[str, NoticeKind]:
        node.check_keys({"notices"})
        kinds: dict[str, NoticeKind] = {}
        for key, n in node.get("notices").mapping().items():
            if key not in NOTICE_KINDS:
                raise n.fail(f"unknown notice kind; expected one of {', '.join(NOTICE_KINDS)}")
            n.check_keys({"enabled", "days_before", "channels", "procedure", "subject", "deadline_label", "body", "sources",
                          "insurance_after_expiry"})
            insurance = n.get("insurance_after_expiry", None)
            insurance_text = None if insurance.value is None else insurance.text()
            if insurance_text is not None and "{until}" not in insurance_text.ja + insurance_text.en:
                raise insurance.fail("must contain {until} where the last day goes")
            procedure = n.get("procedure", None).optional_str()
            if procedure is not None and procedure not in catalog.procedures:
                raise n.get("procedure").fail(f"unknown procedure {procedure!r}")
            days = tuple(d.int(minimum=0) for d in n.get("days_before", []).items())
            needs_days = key in ("period-of-stay-ending", "pickup-deadline-reminder", "booking-reminder")
            if needs_days and not days:
                raise n.get("days_before", None).fail("this kind of notice needs days_before, e.g. [60, 30]")
            if not needs_days and days:
                raise n.get("days_before").fail("this kind of notice is due on one day; remove days_before")
            channels = tuple(c.choice(NOTICE_CHANNELS) for c in n.get("channels").items())
            if not channels:
                raise n.get("channels").fail(f"must list at least one of {', '.join(NOTICE_CHANNELS)}")
            kinds[key] = NoticeKind(
                id=key,
                enabled=n.get("enabled", True).bool(),
                days_before=days,
                channels=channels,
                procedure=procedure,
                subject=n.get("subject").text(),
                deadline_label=n.get("deadline_label").text(),
                body=tuple(b.text() for b in n.get("body").items()),
                sources=self._addresses(n.get("sources")),
                insurance_after_expiry=insurance_text,
            )
        return kinds

    # --- the catalog ---------------------------------------------------------
    def _catalog(self) -> Catalog:
        a = self.read(self.national, "applicants.yaml")
        a.check_keys({"applicants", "sources"})
        self._source_ids(a.get("sources"))
        applicants = {}
        for key, node in a.get("applicants").mapping().items():
            if key not in APPLICANT_TYPES:
                raise node.fail(f"unknown applicant type; expected one of {', '.join(APPLICANT_TYPES)}")
            node.check_keys({"name", "rule"})
            applicants[key] = Applicant(key, node.get("name").text(), node.get("rule").text())
        d = self.read(self.national, "documents.yaml")
        d.check_keys({"documents", "conditions"})
        documents = {}
        for key, node in d.get("documents").mapping().items():
            node.check_keys({"label", "detail", "sources"})
            detail_node = node.get("detail", None)
            dated_details: tuple[DatedText, ...] = ()
            if isinstance(detail_node.value, list):  # versions by date (rules/dated.py)
                versions = self._texts(detail_node)
                if not all(isinstance(v, DatedText) for v in versions):
                    raise detail_node.fail("each version of a detail needs its `effective` or `until` date")
                dated_details = tuple(v for v in versions if isinstance(v, DatedText))
                detail = dated_details[-1]
            else:
                detail = detail_node.optional_text()
            documents[key] = Document(
                key,
                node.get("label").text(),
                detail,
                self._addresses(node.get("sources")),
                dated_details=dated_details,
            )
        conditions = {}
        for key, node in d.get("conditions").mapping().items():
            node.check_keys({"label"})
            conditions[key] = Condition(key, node.get("label").text())

        # The national catalog with the city's overlay (rules/overlay.py, ADR 0024).
        national_p = self.read(self.national, "procedures.yaml")
        p = self.read(self.city_dir, "procedures.yaml")
        nodes, national_ids = overlay_procedures(national_p, p)
        missing = sorted(REQUIRED_PROCEDURES - {n.get("id").str() for n in nodes})
        if missing:  # the code names them (rules/required_procedures.py): refuse now, not at run time
            raise p.get("offers").fail(
                f"missing procedure {', '.join(repr(m) for m in missing)}; the product's code relies on it "
                "(rules/required_procedures.py): offer it"
            )
        procedures: dict[str, Procedure] = {}
        for node in nodes:
            proc = self._procedure(node, documents, conditions)
            procedures[proc.id] = proc
        self.procedure_nodes = nodes

        def not_offered(item: Node, pid: str, key: str) -> DataError:
            if pid in national_ids:  # the law leads on to a procedure the city left out
                return p.get("offers").fail(f"{pid!r} is missing: {key} of an offered procedure names it; offer it")
            return item.fail(f"unknown procedure {pid!r}")

        for node, proc in zip(nodes, procedures.values()):
            for i, f in enumerate(proc.follow_ups):
                if f.procedure not in procedures:
                    item = node.get("follow_ups").items()[i].get("procedure")
                    raise not_offered(item, f.procedure, f"a follow-up ({item.file}: {item.path})")
        for node, proc in zip(nodes, procedures.values()):
            for i, f in enumerate(proc.first):
                if f not in procedures or f == proc.id:
                    item = node.get("first").items()[i]
                    if f in national_ids and f != proc.id:
                        raise not_offered(item, f, f"`first` ({item.file}: {item.path})")
                    raise item.fail(f"not another procedure of the catalog: {f!r}")
        # The city's groups replace the national ones; the national ones lose what the city does not offer.
        if p.has("groups"):
            groups = self._groups(p.get("groups"), procedures)
        else:
            groups = self._groups(national_p.get("groups", None), procedures, skip=national_ids - set(procedures))
        return Catalog(procedures, applicants, documents, conditions, groups)

    def _groups(self, node: Node, procedures: dict[str, Procedure], skip: set[str] | None = None) -> tuple[ProcedureGroup, ...]:
        """The home page's groups: each procedure in exactly one, so none drops off the page.
        `skip`: national procedures the city does not offer, left out of the national groups."""
        if node.value is None:
            return ()
        groups = []
        placed: dict[str, str] = {}
        for g in node.items():
            g.check_keys({"id", "name", "procedures"})
            gid = g.get("id").str()
            ids = []
            for item in g.get("procedures").items():
                pid = item.str()
                if skip and pid in skip:
                    continue
                if pid not in procedures:
                    raise item.fail(f"unknown procedure {pid!r}")
                if pid in placed:
                    raise item.fail(f"{pid!r} is already in group {placed[pid]!r}; put each procedure in one group")
                placed[pid] = gid
                ids.append(pid)
            if ids or not skip:  # a national group may empty when the city offers none of it
                groups.append(ProcedureGroup(gid, g.get("name").text(), tuple(ids)))
        missing = [pid for pid in procedures if pid not in placed]
        if missing:
            raise node.fail(f"procedures in no group (the home page would not list them): {', '.join(missing)}")
        return tuple(groups)

    def _procedure(self, node: Node, documents: dict[str, Document], conditions: dict[str, Condition]) -> Procedure:
        node.check_keys(
            {
                "id", "name", "summary", "channels", "service_hours", "available_from", "requirements", "fees",
                "processing", "notes", "warnings", "follow_ups", "bookable", "keywords", "cases", "sources",
                "contacts", "urgent", "first",
            }
        )  # fmt: skip
        pid = node.get("id").str()
        channels = tuple(c.choice(CHANNELS) for c in node.get("channels").items())
        if not channels:
            raise node.get("channels").fail(f"must list at least one channel of {', '.join(CHANNELS)}")

        def condition(n: Node) -> Condition:
            key = n.str()
            if key not in conditions:
                raise n.fail(f"unknown condition {key!r}; conditions are listed in national/documents.yaml")
            return conditions[key]

        applicants: dict[str, tuple[Requirement, ...]] = {}
        req_node = node.get("requirements")
        for applicant, items in req_node.mapping().items():
            if applicant not in APPLICANT_TYPES:
                raise items.fail(f"unknown applicant type; expected one of {', '.join(APPLICANT_TYPES)}")
            reqs = []
            for item in items.items():
                unless = None
                if isinstance(item.value, dict):
                    item.check_keys({"document", "condition", "unless"})
                    doc_node = item.get("document")
                    cond_node, unless_node = item.get("condition", None), item.get("unless", None)
                    if (cond_node.value is None) == (unless_node.value is None):
                        raise item.fail("give either `condition` (needed when it holds) or `unless` (not needed when it holds)")
                    cond = None if cond_node.value is None else condition(cond_node)
                    unless = None if unless_node.value is None else condition(unless_node)
                else:
                    doc_node, cond = item, None
                key = doc_node.str()
                if key not in documents:
                    raise doc_node.fail(f"unknown document {key!r}; documents are listed in national/documents.yaml")
                reqs.append(Requirement(documents[key], cond, unless))
            applicants[applicant] = tuple(reqs)
        if not applicants:
            raise req_node.fail("must allow at least one applicant type")

        fees = []
        for f in node.get("fees").items():
            f.check_keys({"effective", "items", "free_when", "note", "sources"})
            items = []
            for it in f.get("items").items():
                it.check_keys({"item", "label", "yen", "optional"})
                items.append(
                    FeeItem(it.get("item").str(), it.get("label").text(), it.get("yen").yen(), it.get("optional", False).bool())
                )
            fees.append(
                FeeSchedule(
                    f.get("effective").date(),
                    tuple(items),
                    f.get("note", None).optional_text(),
                    self._addresses(f.get("sources")),
                    free_when=tuple(condition(c) for c in f.get("free_when", []).items()),
                )
            )
        if not fees:
            raise node.get("fees").fail("must have at least one dated fee schedule (an empty `items` means free)")
        for earlier, later, n in zip(fees, fees[1:], node.get("fees").items()[1:]):
            if later.effective <= earlier.effective:
                raise n.get("effective").fail("fee schedules must be in date order, oldest first")

        pr = node.get("processing")
        pr.check_keys({"same_day", "typical_days", "summary", "next_steps"})
        typical = pr.get("typical_days", None)
        processing = Processing(
            same_day=pr.get("same_day").bool(),
            typical_days=None if typical.value is None else typical.int(minimum=0),
            summary=pr.get("summary").text(),
            next_steps=tuple(s.text() for s in pr.get("next_steps", []).items()),
        )
        follow_ups = []
        for f in node.get("follow_ups", []).items():
            f.check_keys({"procedure", "condition", "text"})
            cond_node = f.get("condition", None)
            follow_ups.append(
                FollowUp(f.get("procedure").str(), None if cond_node.value is None else condition(cond_node), f.get("text").text())
            )
        service_hours = node.get("service_hours").choice(SERVICE_HOURS)
        if service_hours == "counter" and "counter" not in channels:
            raise node.get("service_hours").fail("only a procedure done at the counter follows the counter's hours")
        bookable_default = "counter" in channels
        bookable = node.get("bookable", bookable_default).bool()
        if bookable and "counter" not in channels:
            raise node.get("bookable").fail("only a procedure done at the counter can be booked")
        cases = []
        for c in node.get("cases", []).items():
            c.check_keys({"id", "label"})
            cases.append(Condition(c.get("id").str(), c.get("label").text()))
        return Procedure(
            id=pid,
            name=node.get("name").text(),
            summary=node.get("summary").text(),
            channels=channels,
            service_hours=service_hours,
            applicants=applicants,
            fees=tuple(fees),
            available_from=node.get("available_from", None).optional_date(),
            processing=processing,
            notes=self._texts(node.get("notes", [])),
            warnings=self._texts(node.get("warnings", [])),
            follow_ups=tuple(follow_ups),
            bookable=bookable,
            keywords=tuple(k.str() for k in node.get("keywords", []).items()),
            cases=tuple(cases),
            sources=self._addresses(node.get("sources")),
            contacts=tuple(c.choice(CONTACT_PURPOSES) for c in node.get("contacts", []).items()),
            urgent=node.get("urgent", False).bool(),
            first=tuple(f.str() for f in node.get("first", []).items()),
        )
