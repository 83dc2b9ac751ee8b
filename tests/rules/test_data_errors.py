"""Every mistake a city's IT staff can make in the data files is reported with
the file, the key and what is wrong (a DataError), never a traceback.

Each case copies src/madoguchi/data to a temporary folder, changes one text in
one file (the text must occur exactly once) and loads it.
"""

import shutil

import pytest

from madoguchi.rules import loader
from madoguchi.rules.errors import DataError

P = pytest.param
NAME_EN_EASY = 'en: "Collecting a new card", easy: "新《あたら》しい カードを 受《う》け取《と》る"}'
KIOSK = "    requirements:\n      self: [jpki-reset-app]\n"
EXPRESS_REQS = "      self:\n        - id-document\n        - {document: police-report-number, condition: lost-outside-home}"
SECOND_OFFICE = """  - id: citizen-division
    name: {ja: 東出張所, en: East branch, easy: ひがし しゅっちょうじょ}
    address: {ja: 東京都小金井市, en: "Koganei, Tokyo", easy: とうきょうと こがねいし}
    map_url: https://www.google.com/maps
    hours: {weekdays: [["08:30", "17:00"]]}
    sources: [seed]
"""
CLOSURE = "  - {date: %s, reason: {ja: 停電, en: Outage, easy: ていでん}, %ssources: [seed]}"

CASES = [
    # --- national/sources.yaml, koganei/settings.yaml
    P("national/sources.yaml", "sakata: https://", "sakata: http://", "sources.sakata", "must be an https:// address", id="source-not-https"),
    P("national/rules.yaml", "{value: 3, sources: [kanazawa]}", "{value: 3, sources: [seed, kanazawa]}", "validity.renewal_window_months[0].sources[0]", "'seed' is a city's page (koganei/sources.yaml): a national file cites national sources only", id="national-cites-a-city-page"),
    # --- a city's own pages (koganei/sources.yaml, merged with the national ones) and its mail address
    P("koganei/sources.yaml", "koganei-express: https://", "koganei-express: http://", "sources.koganei-express", "must be an https:// address", id="city-source-not-https"),
    P("koganei/sources.yaml", "  koganei-express:", "  sakata: https://example.org/\n  koganei-express:", "sources.sakata", "already in national/sources.yaml", id="city-source-id-taken"),
    P("koganei/sources.yaml", "documents.old-card: [seed]\n", "documents.old-card: [seed]\n  national/documents.yaml documents.old-cards: [seed]\n", "national_evidence.national/documents.yaml documents.old-cards", "no national value with its own `sources` stands there", id="evidence-for-nothing"),
    P("koganei/sources.yaml", "documents.old-card: [seed]", "documents.old-card: [seeds]", "national_evidence.national/documents.yaml documents.old-card[0]", "unknown source 'seeds'", id="evidence-unknown-source"),
    P("koganei/sources.yaml", "sources:", "pages:", "pages", "unknown key; expected one of:", id="city-sources-unknown-key"),
    P("koganei/city.yaml", "mail_from: s030199@koganei-shi.jp", "mail_from: s030199(at)koganei-shi.jp", "mail_from", "is not a mail address", id="mail-from-not-an-address"),
    P("koganei/settings.yaml", "leap_day_birthday: feb28", "leap_day_birthday: feb29", "settings.leap_day_birthday", "must be one of feb28, mar1, got 'feb29'", id="setting-bad-choice"),
    P("koganei/settings.yaml", "age_reckoning: day_before", "age_reckoning: at-birth", "settings.age_reckoning", "must be one of day_before, birthday, got 'at-birth'", id="setting-bad-age-reckoning"),
    P("koganei/settings.yaml", "accept_two_private_documents: true", "accept_two_private_documents: sometimes", "settings.accept_two_private_documents", "must be true or false", id="setting-not-bool"),
    P("koganei/settings.yaml", "pin_failure_counting:", "pin_failure_count:", "settings.pin_failure_count", "unknown key; expected one of:", id="setting-unknown-key"),
    P("koganei/settings.yaml", "civil-code]", "civil-code, wikipedia]", "sources[6]", "unknown source 'wikipedia'", id="unknown-source"),
    P("koganei/settings.yaml", "sources: [seed, naha, koshigaya, iam-jpki, kanazawa, civil-code]", "sources: []", "sources", "must name at least one source", id="no-source"),
    # --- national/rules.yaml
    P("national/rules.yaml", "card_birthdays_adult: 10", "card_birthdays_adult: ten", "validity.card_birthdays_adult", "must be a whole number, got 'ten'", id="not-a-number"),
    P("national/rules.yaml", "card_birthdays_minor: 5", "card_birthdays_minor: 0", "validity.card_birthdays_minor", "must be at least 1, got 0", id="number-too-small"),
    P("national/rules.yaml", "- {age: 20, until: 2022-04-01}\n    - {age: 18}", "- {age: 18}\n    - {age: 20, until: 2022-04-01}", "validity.age_lines[0]", "only the last age line is open-ended", id="age-line-open-ended-first"),
    P("national/rules.yaml", "- {age: 20, until: 2022-04-01}", "- {age: 20, until: 2022-04-01}\n    - {age: 19, until: 2021-04-01}", "validity.age_lines[1].until", "age lines must be in date order", id="age-lines-out-of-order"),
    P("national/rules.yaml", "until: 2022-04-01", 'until: "1 April 2022"', "validity.age_lines[0].until", "must be a date as YYYY-MM-DD, got '1 April 2022'", id="bad-date"),
    P("national/rules.yaml", "      easy: 窓口《まどぐち》が 休《やす》みの 日《ひ》です\n", "", "calendar.closed_reasons.office_closed", "lacks a translation: easy", id="text-lacks-translation"),
    P("national/rules.yaml", "outside_hours:\n      ja: 受付時間外です\n", "outside_hours: 受付時間外です\n    outside_hours_:\n      ja: 受付時間外です\n", "calendar.closed_reasons.outside_hours_", "unknown key", id="closed-reason-unknown"),
    P("national/rules.yaml", "ja: 祝日（{name}）のため休業", "ja: 祝日のため休業", "calendar.closed_reasons.national_holiday", "must contain {name}", id="holiday-text-without-name"),
    P("national/rules.yaml", "  jlis_maintenance_sunday: true\n", "", "calendar.jlis_maintenance_sunday", "is required but missing", id="missing-key"),
    P("national/rules.yaml", "{format: alnum6to16", "{format: alnum8", "pins.signature-certificate.format", "must be one of digits4, alnum6to16", id="pin-format"),
    # --- national/applicants.yaml, national/documents.yaml
    P("national/applicants.yaml", "  household-member:\n", "  family:\n", "applicants.family", "unknown applicant type", id="unknown-applicant-type"),
    P("national/documents.yaml", "  urgent:\n    label:", "  urgent:\n    lable:", "conditions.urgent.lable", "unknown key; expected one of: label", id="unknown-key"),
    # --- koganei/city.yaml
    P("koganei/city.yaml", 'local_government_code: "132101"', 'local_government_code: "132102"', "local_government_code", "'132102' is not a valid 地方公共団体コード", id="bad-local-government-code"),
    P("koganei/city.yaml", "timezone: Asia/Tokyo", "timezone: Asia/Tokio", "timezone", "unknown time zone 'Asia/Tokio'", id="bad-timezone"),
    P("koganei/city.yaml", "sources: [seed, koganei-express]  #", "sources: seed  #", "sources", "must be a list, got 'seed'", id="not-a-list"),
    P("koganei/city.yaml", '    hours:\n      weekdays: [["08:30", "17:00"]]\n      saturday: []\n      sunday: [["09:00", "13:00"]]', '    hours: [["08:30", "17:00"]]', "offices[0].hours", "must be a mapping of keys to values, got list", id="not-a-mapping"),
    P("koganei/city.yaml", 'weekdays: [["08:30", "17:00"]]', 'weekdays: [["08:30", "12:00"], ["11:00", "17:00"]]', "offices[0].hours.weekdays[1]", "must not overlap", id="overlapping-hours"),
    P("koganei/city.yaml", 'sunday: [["09:00", "13:00"]]', 'sunday: [["13:00", "09:00"]]', "offices[0].hours.sunday[0]", "the closing time must be after the opening time", id="hours-backwards"),
    P("koganei/city.yaml", 'weekdays: [["08:30", "17:00"]]', 'weekdays: [["08:30", "17:60"]]', "offices[0].hours.weekdays[0]", "not a time of day as HH:MM: '17:60'", id="bad-time"),
    P("koganei/city.yaml", 'sunday: [["09:00", "13:00"]]', 'sunday: [["09:00"]]', "offices[0].hours.sunday[0]", "must be a pair of times", id="hours-not-a-pair"),
    P("koganei/city.yaml", 'sunday: [["09:00", "13:00"]]', 'sunday: [["09:00", 13:00]]', "offices[0].hours.sunday[0]", "write each time in quotes", id="hours-unquoted"),
    P("koganei/city.yaml", "\n# The city's own;", SECOND_OFFICE + "\n# The city's own;", "offices[1].id", "another office already has the id 'citizen-division'", id="office-id-twice"),
    P("koganei/city.yaml", "mail: s030199@koganei-shi.jp", "mail: s030199(at)koganei-shi.jp", "contacts[0].mail", "write @, not (at)", id="mail-without-at"),
    P("national/contacts.yaml", "    fax: 0120-601-785\n", "", "contacts[2]", "a contact needs a phone, a fax or a mail address", id="contact-unreachable"),
    P("koganei/city.yaml", "  - id: citizen-division\n    purpose: inquiries", "  - id: my-number-toll-free\n    purpose: inquiries", "contacts[0].id", "another contact already has the id 'my-number-toll-free'", id="contact-id-national"),
    P("koganei/city.yaml", "purpose: inquiries", "purpose: questions", "contacts[0].purpose", "must be one of inquiries, suspension", id="contact-purpose"),
    # --- koganei/calendar.yaml
    P("koganei/calendar.yaml", 'from: "12-29"', 'from: "12-32"', "year_end.from", 'must be a month and day as "MM-DD"', id="bad-year-end"),
    P("koganei/calendar.yaml", "procedure: my-number-change", "procedure: my-number-chnage", "restrictions[0].procedure", "unknown procedure 'my-number-chnage'", id="restriction-unknown-procedure"),
    P("koganei/calendar.yaml", "closed_weekdays: [sat, sun]", "closed_weekdays: [sat, sunday]", "restrictions[0].closed_weekdays[1]", "must be one of mon, tue", id="bad-weekday"),
    P("koganei/calendar.yaml", "closures: []", "closures:\n" + CLOSURE % ('"2025-06-31"', ""), "closures[0].date", "must be a date as YYYY-MM-DD, got '2025-06-31'", id="closure-bad-date"),
    P("koganei/calendar.yaml", "closures: []", "closures:\n" + CLOSURE % ("2025-06-11", "procedures: [passport], "), "closures[0].procedures[0]", "unknown procedure 'passport'", id="closure-unknown-procedure"),
    P("koganei/calendar.yaml", "openings: []", "openings:\n" + CLOSURE % ("2025-06-14", "hours: [], "), "openings[0].hours", "an opening needs its hours", id="opening-without-hours"),
    P("koganei/calendar.yaml", "openings: []", "openings:\n" + CLOSURE % ("2025-06-13", 'hours: [["17:15", "20:30"]], '), "openings[0].hours", "only until 20:00", id="opening-past-the-j-lis-evening-limit"),
    P("national/rules.yaml", '- {value: "20:00", sources: [jpki-top, ome]}', '- {value: "8pm", sources: [jpki-top, ome]}', "calendar.jlis_evening_limit[0].value", "not a time of day", id="evening-limit-not-a-time"),
    P("koganei/calendar.yaml", "closures: []", "closures:\n" + CLOSURE % ("2025-06-11", "procedures: [], "), "closures[0].procedures", "must list at least one procedure; leave 'procedures' out", id="closure-empty-procedures"),
    P("koganei/calendar.yaml", "closures: []", "closure: []", "closure", "unknown key", id="calendar-unknown-key"),
    # --- national/procedures.yaml (reissue-after-loss is procedures[4], express-issue [5], kiosk [9], card-pickup [13])
    # The home page's groups: each procedure in exactly one.
    P("national/procedures.yaml", "procedures: [card-return]\n", "procedures: []\n", "groups", "procedures in no group (the home page would not list them): card-return", id="group-misses-one"),
    P("national/procedures.yaml", "procedures: [card-return]\n", "procedures: [card-return, pin-reset]\n", "groups[4].procedures[1]", "'pin-reset' is already in group 'pins'", id="group-twice"),
    P("national/procedures.yaml", "procedures: [card-return]\n", "procedures: [card-return, no-such]\n", "groups[4].procedures[1]", "unknown procedure 'no-such'", id="group-unknown"),
    P("national/procedures.yaml", "first: [suspend-lost-card]", "first: [no-such]", "procedures[4].first[0]", "not another procedure of the catalog: 'no-such'", id="first-unknown"),
    P("koganei/procedures.yaml", "yen: 800", "yen: 八百", "procedures.reissue-after-loss.fees[0].items[0].yen", "must be a whole number of yen (0 or more), got '八百'", id="bad-yen"),
    P("koganei/procedures.yaml", "yen: 800", "yen: -800", "procedures.reissue-after-loss.fees[0].items[0].yen", "must be a whole number of yen (0 or more), got -800", id="negative-yen"),
    P("national/procedures.yaml", "      - effective: 2024-12-02\n", "      - effective: 2024-12-02\n        items: []\n        sources: [kokubunji]\n      - effective: 2024-12-01\n", "procedures[5].fees[1].effective", "fee schedules must be in date order, oldest first", id="fees-out-of-order"),
    P("koganei/procedures.yaml", "  signature-password-kiosk-reset:\n    fees: *free-on-the-seed", "  signature-password-kiosk-reset:\n    fees: []", "procedures.signature-password-kiosk-reset.fees", "must have at least one dated fee schedule", id="no-fees"),
    P("national/procedures.yaml", "  - id: card-pickup", "  - id: card-return", "procedures[13].id", "duplicate procedure id 'card-return'", id="duplicate-procedure-id"),
    P("national/procedures.yaml", EXPRESS_REQS, EXPRESS_REQS.replace("- id-document", "- id-card"), "procedures[5].requirements.self[0]", "unknown document 'id-card'", id="unknown-document"),
    P("national/procedures.yaml", "condition: has-old-card}\n      household-member", "condition: has-old-cards}\n      household-member", "procedures[13].requirements.self[3].condition", "unknown condition 'has-old-cards'", id="unknown-condition"),
    P("national/procedures.yaml", "{document: issue-notice, unless: issue-notice-lost}", "{document: issue-notice, unless: issue-notice-lost, condition: has-old-card}", "procedures[13].requirements.self[0]", "give either `condition`", id="condition-and-unless"),
    P("national/procedures.yaml", KIOSK, KIOSK.replace("self:", "myself:"), "procedures[9].requirements.myself", "unknown applicant type", id="requirements-unknown-applicant"),
    P("national/procedures.yaml", KIOSK, "    requirements: {}\n", "procedures[9].requirements", "must allow at least one applicant type", id="no-applicant"),
    P("national/procedures.yaml", "- procedure: signature-certificate-issue\n        condition: address", "- procedure: signature-certificate-isue\n        condition: address", "procedures[0].follow_ups[0].procedure", "unknown procedure 'signature-certificate-isue'", id="follow-up-unknown-procedure"),
    P("national/procedures.yaml", "channels: [kiosk]", "channels: [konbini]", "procedures[9].channels[0]", "must be one of counter, phone, kiosk, online", id="bad-channel"),
    P("national/procedures.yaml", "channels: [kiosk]", "channels: []", "procedures[9].channels", "must list at least one channel", id="no-channel"),
    P("national/procedures.yaml", "channels: [kiosk]\n    service_hours: external", "channels: [kiosk]\n    service_hours: counter", "procedures[9].service_hours", "only a procedure done at the counter follows the counter's hours", id="counter-hours-off-counter"),
    P("national/procedures.yaml", "channels: [phone]\n    service_hours: always\n    # Done by", "channels: [phone]\n    bookable: true\n    service_hours: always\n    # Done by", "procedures[2].bookable", "only a procedure done at the counter can be booked", id="bookable-off-counter"),
    P("national/procedures.yaml", NAME_EN_EASY, 'en: "Collecting a new card"}', "procedures[13].name", "lacks a translation: easy", id="name-lacks-translation"),
    P("national/procedures.yaml", NAME_EN_EASY, 'en: "Collecting a new card", easy: ""}', "procedures[13].name.easy", "must be a non-empty text", id="empty-text"),
    P("national/procedures.yaml", "available_from: 2024-12-02", "available_since: 2024-12-02", "procedures[5].available_since", "unknown key", id="procedure-unknown-key"),
    P("national/procedures.yaml", "fujimino, towada, kumamoto-yamato]\n", "fujimino, towada, kumamoto-yamato, chatgpt]\n", "procedures[5].sources[5]", "unknown source 'chatgpt'", id="procedure-unknown-source"),
    P("national/procedures.yaml", "free_when: [under-one,", "free_when: [baby,", "procedures[5].fees[0].free_when[0]", "unknown condition 'baby'", id="fee-free-when-unknown"),
    P("national/procedures.yaml", "typical_days: 7", "typical_days: -7", "procedures[5].processing.typical_days", "must be at least 0, got -7", id="negative-days"),
    # --- koganei/procedures.yaml: the city's overlay (rules/overlay.py, ADR 0024)
    P("koganei/procedures.yaml", "  card-keep-domestic: {sources", "  card-keep-domestik: {sources", "procedures.card-keep-domestik", "unknown procedure id 'card-keep-domestik'", id="overlay-unknown-id"),
    P("koganei/procedures.yaml", "express-issue: {sources: [koganei-express]}", "express-issue: {sources: [koganei-express], requirements: {self: []}}", "procedures.express-issue.requirements", "may not be overridden by a city", id="overlay-key-not-the-citys"),
    P("koganei/procedures.yaml", "  - card-keep-domestic\n", "  - card-keep-domestik\n", "offers[17]", "unknown procedure 'card-keep-domestik'", id="offers-unknown-id"),
    P("koganei/procedures.yaml", "  - card-pickup\n", "", "procedures.card-pickup", "not in `offers`", id="overlay-not-offered"),
    P("koganei/procedures.yaml", "  - card-pickup\n", "  - card-pickup\n  - card-pickup\n", "offers[14]", "offered twice", id="offered-twice"),
    P("koganei/procedures.yaml", "express-issue: {sources: [koganei-express]}", "express-issue: {sources: [koganei-express, towada]}", "procedures.express-issue.sources[1]", "already in national/procedures.yaml", id="overlay-repeats-a-national-source"),
    P("koganei/procedures.yaml", "express-issue: {sources: [koganei-express]}", "express-issue: {sources: [koganei-expres]}", "procedures.express-issue.sources[0]", "unknown source 'koganei-expres'", id="overlay-unknown-source"),
    P("koganei/procedures.yaml", "reissue-notes-full: {fees: *free-on-the-seed, sources: [seed]}", "reissue-notes-full: {sources: [seed]}", "procedures.reissue-notes-full.fees", "national/procedures.yaml gives no fees", id="overlay-fees-missing"),
    P("koganei/procedures.yaml", "reissue-notes-full: {fees: *free-on-the-seed, sources: [seed]}", "reissue-notes-full: {fees: *free-on-the-seed}", "procedures.reissue-notes-full.sources", "gives no sources", id="overlay-sources-missing"),
    P("koganei/procedures.yaml", "offers:\n", "offer:\n", "offer", "unknown key", id="overlay-unknown-top-key"),
    # --- koganei/notices.yaml
    P("koganei/notices.yaml", '    deadline_label: {ja: "カードの有効期限", en: "Card expires on", easy: "カードの 期限《きげん》"}\n', "",
      "notices.card-renewal-window.deadline_label", "is required but missing", id="notice-without-deadline-label"),
    P("koganei/notices.yaml", "  card-renewal-window:", "  card-renewal:", "notices.card-renewal", "unknown notice kind", id="notice-unknown-kind"),
]


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the data folder that the loader reads national rules from."""
    root = tmp_path / "data"
    shutil.copytree(loader.DATA_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(loader, "DATA_ROOT", root)
    return root


def edit(root, file, old, new):
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(root):
    loader.load_municipality.cache_clear()
    try:
        return loader.load_municipality(str(root / "koganei"))
    finally:
        loader.load_municipality.cache_clear()


def test_the_unchanged_copy_loads(data):
    assert load(data).city.id == "koganei"


@pytest.mark.parametrize("file, old, new, key, problem", CASES)
def test_data_error(data, file, old, new, key, problem):
    edit(data, file, old, new)
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == (file, key)
    assert problem in e.value.problem
    assert str(e.value).startswith(f"{file}: {key}: ")


@pytest.mark.parametrize(
    "file, old, new, line, problem",
    [
        ("koganei/city.yaml", "timezone: Asia/Tokyo", "timezone: [Asia/Tokyo", 9, "not valid YAML"),
        ("koganei/city.yaml", "timezone: Asia/Tokyo", "timezone: Asia/Tokyo\ntimezone: Europe/Paris", 9, "duplicate key 'timezone'"),
        ("national/documents.yaml", "  urgent:\n", "  card-found:\n    label: {ja: x, en: x, easy: x}\n  urgent:\n", None, "duplicate key 'card-found'"),
        ("national/procedures.yaml", "available_from: 2024-12-02", "available_from: 2024-12-32", None, "not a real date '2024-12-32'"),
    ],
    ids=["bad-yaml", "duplicate-key", "duplicate-condition", "impossible-unquoted-date"],
)
def test_yaml_errors_name_the_line(data, file, old, new, line, problem):
    if line is None:  # the line where `old` stands in the file
        line = (data / file).read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    edit(data, file, old, new)
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == (file, f"line {line}")
    assert problem in e.value.problem


def test_missing_file(data):
    (data / "koganei" / "calendar.yaml").unlink()
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key, e.value.problem) == ("koganei/calendar.yaml", "(file)", "the file is missing")


def test_missing_folder(data):
    with pytest.raises(DataError) as e:
        load(data / "nowhere")
    assert e.value.key == "(folder)" and "no such data folder" in e.value.problem


def test_a_procedure_done_through_contacts_nobody_gives_is_refused_at_load(data):
    # suspend-lost-card is done by calling the 24-hour lines (contacts: [suspension]).
    path = data / "national" / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("purpose: suspension", "purpose: inquiries"), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == ("national/procedures.yaml", "procedures[2].contacts[0]")
    assert "a contact with purpose 'suspension'" in e.value.problem


def test_an_unknown_contact_purpose_on_a_procedure_is_refused(data):
    edit(data, "national/procedures.yaml", "lines (national/contacts.yaml).\n    contacts: [suspension]", "lines (national/contacts.yaml).\n    contacts: [police]")
    with pytest.raises(DataError) as e:
        load(data)
    assert e.value.key == "procedures[2].contacts[0]" and "must be one of inquiries, suspension" in e.value.problem


def test_dated_values_must_be_in_date_order(data):
    edit(data, "national/rules.yaml", "{effective: 2024-09-20, value: true,", "{effective: 2016-01-01, value: true,")
    edit(data, "national/rules.yaml", "{value: false, sources: [naha]}", "{effective: 2020-01-01, value: false, sources: [naha]}")
    with pytest.raises(DataError) as e:
        load(data)
    assert e.value.key == "kiosk.resets_user_certificate_pin[1].effective" and "date order" in e.value.problem


def test_a_dated_text_names_its_period_and_sources(data):
    edit(data, "koganei/procedures.yaml", "      - effective: 2024-09-20\n        text:\n          ja: 署名用", "      - text:\n          ja: 署名用")
    with pytest.raises(DataError) as e:
        load(data)
    assert e.value.key == "procedures.signature-password-kiosk-reset.warnings[1]" and "needs `effective`" in e.value.problem


def test_a_national_value_no_source_states_needs_the_citys_evidence(data):
    # A national value no national source states (sources: []), and no city page cited for it.
    edit(data, "national/documents.yaml", "    sources: [kishiwada]\n", "    sources: []\n")
    edit(data, "koganei/sources.yaml", "  national/documents.yaml documents.old-card: [seed]\n", "")
    with pytest.raises(DataError) as e:
        load(data)
    assert (e.value.file, e.value.key) == ("national/documents.yaml", "documents.old-card.sources")
    assert "national_evidence" in e.value.problem
