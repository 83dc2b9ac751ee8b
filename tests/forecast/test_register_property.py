"""For any range, the forecast counts exactly the residents the validity rules
name: certificates whose renewal window opens in it, cards (ending on a
birthday) whose renewal window opens in it, periods of stay that end in it.
The register is generated; the expected counts are the rules asked one card
at a time, the forecast's are the database's GROUP BY over stored dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.core.city import municipality
from madoguchi.counter.models import Card, Certificate, Resident
from madoguchi.forecast import register
from madoguchi.forecast.services.plan import forecast
from madoguchi.rules import forecast as fc
from madoguchi.rules.validity import card_validity, renewal_window_opens

from .conftest import add_card

pytestmark = pytest.mark.django_db

holders = st.tuples(
    st.dates(date(1940, 1, 1), date(2020, 12, 31)),  # birth
    st.integers(0, 3650),  # days after 2016-01-01 the card was issued (2022's surge is in here)
    st.one_of(st.none(), st.integers(30, 2000)),  # period of stay: ends this many days after issue
)
# Short ranges too: a count that used the expiry instead of the window's opening
# differs only within three months of the range's ends.
ranges = st.tuples(st.dates(date(2026, 1, 1), date(2031, 12, 31)), st.one_of(st.integers(0, 120), st.integers(0, fc.MAX_DAYS - 1)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(holders, min_size=1, max_size=40), ranges)
def test_the_register_counts_are_the_rules_counts(people, span):
    Certificate.objects.all().delete()
    Card.objects.all().delete()
    Resident.objects.all().delete()
    rules = municipality().validity
    expect = {p: 0 for p in (fc.CERTIFICATE_RENEWAL, fc.CARD_RENEWAL, fc.PERIOD_OF_STAY)}
    start, length = span
    end = start + timedelta(days=length)
    for n, (birth, after, stay) in enumerate(people):
        issued = max(birth, date(2016, 1, 1)) + timedelta(days=after)
        stay_end = issued + timedelta(days=stay) if stay is not None else None
        v = card_validity(rules, birth, issued, period_of_stay_end=stay_end)
        add_card(n, birth, issued, v, stay_end=stay_end)
        expect[fc.CERTIFICATE_RENEWAL] += start <= renewal_window_opens(rules, v.user_certificate_expires) <= end
        if v.card_expiry_basis == "birthday":
            expect[fc.CARD_RENEWAL] += start <= renewal_window_opens(rules, v.card_expires) <= end
        else:
            expect[fc.PERIOD_OF_STAY] += start <= v.card_expires <= end
    counts = register.register_counts(start, end)
    assert {p: sum(counts[p].values()) for p in expect} == expect


def test_the_forecast_rows_carry_the_register_count_times_the_uptake(now):
    rules = municipality().validity
    for n, issued in enumerate([date(2022, 6, 1), date(2022, 6, 2), date(2022, 9, 3), date(2023, 1, 10)]):
        add_card(n, date(1980, 5, 5), issued, card_validity(rules, date(1980, 5, 5), issued))
    # Issued between May 2022 and May 2023: the 5th birthday after issue is 5 May 2027, the window opens 6 February.
    rows = forecast(date(2027, 2, 1), date(2027, 2, 28), by="week", procedure=fc.CERTIFICATE_RENEWAL)
    uptake = fc.load_forecast_settings("koganei").uptake[fc.CERTIFICATE_RENEWAL]
    assert sum(r.expected_visits for r in rows) == pytest.approx(4 * uptake)
    assert [r.period for r in rows if r.expected_visits] == ["2027-W05"]  # 6 Feb 2027 is a Saturday of week 5
