"""When notices are due: derived from the validity rules, each subject exactly once."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from madoguchi.rules.notices import NOTICE_KINDS, dates_days_ahead, expiries_whose_renewal_opens_on
from madoguchi.rules.validity import renewal_window_opens


def test_kanazawas_example_is_noticed_on_the_day_the_window_opens(koganei):
    # Expiry 7 July → renewal from 8 April (FACTS.md §3).
    assert expiries_whose_renewal_opens_on(koganei.validity, date(2027, 4, 8)) == [date(2027, 7, 7)]


def test_month_ends_share_an_opening_day(koganei):
    # 28-31 May all open on 1 March in a common year: one batch notices them all.
    assert expiries_whose_renewal_opens_on(koganei.validity, date(2027, 3, 1)) == [
        date(2027, 5, 28),
        date(2027, 5, 29),
        date(2027, 5, 30),
        date(2027, 5, 31),
    ]


@given(st.dates(min_value=date(2016, 1, 1), max_value=date(2099, 12, 31)))
def test_every_expiry_is_noticed_on_exactly_one_day(expiry):
    from madoguchi.rules.loader import load_municipality

    rules = load_municipality("koganei").validity
    opens = renewal_window_opens(rules, expiry)
    days_listing_it = [
        d for d in (opens + timedelta(days=k) for k in range(-10, 11)) if expiry in expiries_whose_renewal_opens_on(rules, d)
    ]
    assert days_listing_it == [opens]


def test_deadline_based_notices_look_ahead():
    assert dates_days_ahead(date(2026, 11, 26), (60, 30)) == [date(2027, 1, 25), date(2026, 12, 26)]


def test_koganei_configures_every_kind_with_its_procedure(koganei):
    assert set(koganei.notices) == set(NOTICE_KINDS)
    assert koganei.notices["period-of-stay-ending"].days_before == (60, 30)
    assert koganei.notices["certificate-renewal-window"].procedure == "certificate-renewal"
    for kind in koganei.notices.values():
        assert kind.subject.ja and kind.subject.en and kind.subject.easy
        assert all(s.startswith("https://") for s in kind.sources)
