"""Properties that hold for every date, checked on many generated examples."""

import calendar as cal
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, SA, rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.rules.calendar import is_jlis_maintenance_sunday
from madoguchi.rules.dates import AGE_RECKONINGS, age_on, age_reached_on, birthday_in_year, months_after, months_before
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.validity import card_validity

KOGANEI = load_municipality("koganei")
RULES = KOGANEI.validity
months = st.tuples(st.integers(2000, 2100), st.integers(1, 12))
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def third_saturday(year: int, month: int) -> date:
    """The oracle: RRULE FREQ=MONTHLY;BYDAY=SA;BYSETPOS=3."""
    start = date(year, month, 1)
    return rrule(MONTHLY, byweekday=SA, bysetpos=3, dtstart=start, count=1)[0].date()


@given(months)
def test_one_maintenance_sunday_a_month_the_day_after_the_third_saturday(ym):
    year, month = ym
    month_days = [date(year, month, d) for d in range(1, cal.monthrange(year, month)[1] + 1)]
    sundays = [d for d in month_days if is_jlis_maintenance_sunday(d)]
    assert sundays == [third_saturday(year, month) + timedelta(days=1)]
    assert 16 <= sundays[0].day <= 22


@settings(deadline=None)  # the holidays library loads each year on first use
@given(months)
def test_the_counter_is_closed_for_maintenance_on_that_sunday_only(ym):
    year, month = ym
    start = date(year, month, 1)
    statuses = KOGANEI.days("card-info-change", start, start + timedelta(days=cal.monthrange(year, month)[1] - 1))
    closed = [s.date for s in statuses if "jlis_maintenance" in s.reason_codes]
    assert closed == [third_saturday(year, month) + timedelta(days=1)]
    assert all(not s.open for s in statuses if s.date in closed)


@st.composite
def cards(draw):
    birth = draw(st.dates(date(1920, 1, 1), date(2030, 12, 31)))
    issued = draw(st.dates(birth, date(2040, 12, 31)))
    received = draw(st.none() | st.dates(birth, issued))
    stay_end = draw(st.none() | st.dates(issued, date(2060, 12, 31)))
    return birth, issued, received, stay_end


@given(cards())
def test_expiry_dates_are_consistent(card):
    birth, issued, received, stay_end = card
    v = card_validity(RULES, birth, issued, application_received=received, period_of_stay_end=stay_end)
    # A card ends on a birthday (28 February for a 29 February birth in a
    # common year) or on the period-of-stay end.
    if v.card_expiry_basis == "period_of_stay":
        assert v.card_expires == stay_end
    else:
        assert v.card_expires == birthday_in_year(birth, v.card_expires.year, RULES.leap_day_birthday)
        assert v.card_expires > issued
        assert stay_end is None or stay_end >= v.card_expires
    # A certificate never outlives its card; 署名用 never outlives 利用者証明用.
    assert issued <= v.user_certificate_expires <= v.card_expires
    if v.signature_certificate_expires is None:
        assert RULES.age_on(birth, issued) < 15 and v.signature_certificate_note is not None
    else:
        assert v.signature_certificate_expires <= v.user_certificate_expires
    # The renewal window opens before the expiry.
    assert v.card_renewal_opens < v.card_expires
    assert v.certificate_renewal_opens < v.user_certificate_expires


reckonings = st.sampled_from(AGE_RECKONINGS)


@given(days, days, days, reckonings)
def test_age_never_goes_down(birth, d1, d2, reckoning):
    d1, d2 = sorted((d1, d2))
    if d1 >= birth:
        a1 = age_on(birth, d1, reckoning=reckoning, leap_day_rule="feb28")
        assert 0 <= a1 <= age_on(birth, d2, reckoning=reckoning, leap_day_rule="feb28")


@given(days)
def test_an_age_is_reached_on_the_birthday_or_the_day_before_it(birth):
    for year in (birth.year + 1, birth.year + 4, birth.year + 18):
        birthday = birthday_in_year(birth, year)
        n = year - birth.year
        # The birthday reading: a year older on the birthday itself.
        assert age_on(birth, birthday, reckoning="birthday", leap_day_rule="feb28") == n
        assert age_on(birth, birthday - timedelta(days=1), reckoning="birthday", leap_day_rule="feb28") == n - 1
        # By statute: a year older on the day before the birthday (28 February for 29 February births).
        reached = age_reached_on(birth, n, reckoning="day_before", leap_day_rule="feb28")
        assert reached == (date(year, 2, 28) if (birth.month, birth.day) == (2, 29) else birthday - timedelta(days=1))
        assert age_on(birth, reached, reckoning="day_before", leap_day_rule="feb28") == n
        assert age_on(birth, reached - timedelta(days=1), reckoning="day_before", leap_day_rule="feb28") == n - 1


@given(days, st.integers(-240, 240))
def test_months_after_and_before_agree_with_relativedelta(day, n):
    """rules/dates keeps its own month arithmetic for the import's speed; dateutil is the oracle
    (a day the target month lacks becomes its last day: 31 May − 3 months → 28/29 February)."""
    if date(1901, 1, 1) <= day + relativedelta(months=n) <= date(2099, 12, 31):
        assert months_after(day, n) == day + relativedelta(months=n)
        assert months_before(day, n) == day - relativedelta(months=n)
