"""Koganei's counter calendar: which days and hours each procedure is taken."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from tests.rules.conftest import cases

from madoguchi.rules.calendar import Closure, CounterCalendar, Interval, Opening
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.text import Text


def hours(status):
    return [list(interval.labels()) for interval in status.hours]


@pytest.mark.parametrize("case", cases("calendar.yaml", "days"))
def test_day(koganei, case):
    status = koganei.day(case["procedure"], case["date"])
    assert status.date == case["date"]
    assert (status.open, hours(status), list(status.reason_codes)) == (case["open"], case["hours"], case["reasons"])


@pytest.mark.parametrize("case", cases("calendar.yaml", "moments"))
def test_at(koganei, case):
    answer = koganei.at(case["procedure"], datetime.fromisoformat(case["at"]))
    assert answer.open == case["open"]
    assert [r.code for r in answer.reasons] == case["reasons"]


@pytest.mark.parametrize("case", cases("calendar.yaml", "next_open"))
def test_next_open_days(koganei, case):
    found = koganei.next_open_days(case["procedure"], case["start"], case["count"])
    assert [s.date for s in found] == case["days"]
    assert all(s.open for s in found)


@pytest.mark.parametrize("case", cases("calendar.yaml", "still_open"))
def test_today_is_offered_only_while_still_open(koganei, case):
    at = datetime.fromisoformat(case["at"])
    found = koganei.next_open_days(case["procedure"], at.date(), 2, after=at.time())
    assert [s.date for s in found] == case["days"]


def test_at_reads_the_date_in_tokyo_time_for_the_24_hour_line(koganei):
    # 20:00 UTC on 21 June is 05:00 on Sunday 22 June in Tokyo.
    answer = koganei.at("suspend-lost-card", datetime.fromisoformat("2025-06-21T20:00:00+00:00"))
    assert answer.open and answer.day.date == date(2025, 6, 22)


def test_closed_reasons_are_worded_in_every_language(koganei):
    status = koganei.day("card-info-change", date(2025, 5, 6))
    text = status.closed_reasons[0].text
    assert "振替休日" in text.ja and text.en and "振替休日" in text.easy
    outside = koganei.at("card-info-change", datetime(2025, 6, 10, 18, 0)).reasons[0]
    assert outside.text.ja == "受付時間外です"


def test_zero_open_days_asked_gives_none(koganei):
    assert koganei.next_open_days("card-info-change", date(2025, 6, 10), 0) == []


def test_days_lists_every_day_of_the_range(koganei):
    june = koganei.days("card-info-change", date(2025, 6, 1), date(2025, 6, 30))
    assert len(june) == 30
    assert [s.date.day for s in june if "jlis_maintenance" in s.reason_codes] == [22]
    assert sum(s.open for s in june) == 30 - 4 - 1  # four Saturdays, one maintenance Sunday


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.day("signature-password-kiosk-reset", date(2025, 6, 10)),
        lambda m: m.at("signature-password-kiosk-reset", datetime(2025, 6, 10, 10, 0)),
        lambda m: m.days("signature-password-kiosk-reset", date(2025, 6, 1), date(2025, 6, 30)),
        lambda m: m.next_open_days("signature-password-kiosk-reset", date(2025, 6, 10), 3),
    ],
    ids=["day", "at", "days", "next_open_days"],
)
def test_kiosk_reset_has_no_city_calendar(koganei, call):
    with pytest.raises(RulesInputError) as e:
        call(koganei)
    assert e.value.code == "no_city_calendar"
    assert "電子証明書の暗証番号のコンビニでの再設定" in e.value.message("ja")


def test_unknown_procedure(koganei):
    with pytest.raises(RulesInputError) as e:
        koganei.day("passport", date(2025, 6, 10))
    assert e.value.code == "unknown_procedure"


@pytest.mark.parametrize(
    "start, end, code",
    [
        (date(2026, 1, 2), date(2026, 1, 1), "range_backwards"),
        (date(2026, 1, 1), date(2029, 1, 2), "range_too_long"),
        (date(2028, 2, 29), date(2031, 3, 1), "range_too_long"),
    ],
)
def test_range_errors(koganei, start, end, code):
    for call in (koganei.days, koganei.calendar().days):
        with pytest.raises(RulesInputError) as e:
            call("card-info-change", start, end)
        assert e.value.code == code
        assert e.value.message("ja") and e.value.message("en")


def test_three_years_is_the_longest_range(koganei):
    assert len(koganei.days("card-info-change", date(2026, 1, 1), date(2029, 1, 1))) == 3 * 365 + 2
    assert koganei.days("suspend-lost-card", date(2028, 2, 29), date(2031, 2, 28))[-1].open


# --- Dated closures and openings in a city's calendar.yaml ---------------------

def _text(en):
    return Text(ja=en, en=en, easy=en)


@pytest.fixture
def with_dates(koganei):
    """Koganei's calendar with a few dated closures and openings added."""
    rules = replace(
        koganei.calendar().rules,
        closures=(
            Closure(date(2025, 6, 11), _text("system outage"), None, "https://example.org/outage"),
            Closure(date(2025, 6, 12), _text("no number changes"), frozenset({"my-number-change"}), "https://example.org/a"),
            Closure(date(2025, 6, 28), _text("move"), None, "https://example.org/move"),
        ),
        openings=(
            Opening(date(2025, 6, 14), (Interval.parse("09:00", "12:00"),), _text("special Saturday"), None, "https://example.org/b"),
            Opening(date(2025, 6, 22), (Interval.parse("09:00", "12:00"),), _text("not allowed"), None, "https://example.org/c"),
            Opening(date(2025, 5, 6), (Interval.parse("10:00", "15:00"),), _text("holiday"), frozenset({"card-pickup"}), "https://example.org/d"),
            Opening(date(2025, 12, 29), (Interval.parse("09:00", "12:00"),), _text("year end"), None, "https://example.org/e"),
            Opening(date(2025, 6, 28), (Interval.parse("09:00", "12:00"),), _text("move"), None, "https://example.org/f"),
        ),
    )
    return CounterCalendar(rules)


@pytest.mark.parametrize(
    "procedure, day, open_, hours_, reasons",
    [
        # A city closure shuts a working day, for every procedure or for the listed ones.
        ("card-info-change", date(2025, 6, 11), False, [], ["city_closure"]),
        ("my-number-change", date(2025, 6, 12), False, [], ["city_closure"]),
        ("card-info-change", date(2025, 6, 12), True, [["08:30", "17:00"]], []),
        # An opening overrides the Saturday closure, a holiday and the year end...
        ("card-info-change", date(2025, 6, 14), True, [["09:00", "12:00"]], []),
        ("card-pickup", date(2025, 5, 6), True, [["10:00", "15:00"]], []),
        ("card-info-change", date(2025, 5, 6), False, [], ["national_holiday"]),
        ("card-info-change", date(2025, 12, 29), True, [["09:00", "12:00"]], []),
        # ...but never the J-LIS maintenance Sunday, a procedure's restriction
        # or a closure on the same day.
        ("card-info-change", date(2025, 6, 22), False, [], ["jlis_maintenance"]),
        ("my-number-change", date(2025, 6, 14), False, [], ["procedure_restriction"]),
        ("card-info-change", date(2025, 6, 28), False, [], ["city_closure"]),
    ],
)
def test_dated_closures_and_openings(with_dates, procedure, day, open_, hours_, reasons):
    status = with_dates.day(procedure, day)
    assert (status.open, hours(status), list(status.reason_codes)) == (open_, hours_, reasons)


def test_a_closure_shows_its_own_reason(with_dates):
    assert with_dates.day("card-info-change", date(2025, 6, 11)).closed_reasons[0].text.en == "system outage"


def test_the_j_lis_evening_limit_is_dated_data_with_its_sources():
    from madoguchi.rules.calendar import past_evening_limit
    from madoguchi.rules.dated import Change, Dated

    m = load_municipality("koganei")
    [change] = m.dated["jlis_evening_limit"].changes
    assert change.value == 20 * 60 and "https://www.jpki.go.jp/" in change.sources
    cal = m.calendar()
    assert cal.evening_refusal(date(2027, 1, 5), 20 * 60) is None
    assert cal.evening_refusal(date(2027, 1, 5), 20 * 60 + 1).code == "jlis_evening_limit"
    # A later change of the hour holds from its date, not before.
    later = Dated((Change(None, 20 * 60, ()), Change(date(2028, 4, 1), 21 * 60, ())))
    assert past_evening_limit(later, cal.rules.texts, date(2028, 3, 31), 21 * 60) is not None
    assert past_evening_limit(later, cal.rules.texts, date(2028, 4, 1), 21 * 60) is None
