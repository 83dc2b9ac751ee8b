"""Rules changed on a date answer by date (rules/dated.py, FACTS.md §9)."""

from datetime import date

import pytest

from tests.rules.test_data_errors import data  # noqa: F401 (a fixture)
from tests.rules.conftest import cases

from madoguchi.rules.dated import Change, Dated, DatedText


@pytest.mark.parametrize("case", cases("dated.yaml", "kiosk"))
def test_the_kiosk_pin_reset_by_date(koganei, case):
    m = koganei.as_of(case["day"])
    assert m.value("kiosk_resets_user_certificate_pin") is case["resets_user_certificate_pin"]
    warnings = m.catalog.get("signature-password-kiosk-reset").warnings
    assert len(warnings) == 1 and case["warning_says"] in warnings[0].ja


@pytest.mark.parametrize("case", cases("dated.yaml", "id_documents"))
def test_the_health_insurance_card_leaves_the_id_list(koganei, case):
    m = koganei.as_of(case["day"])
    for detail in (
        m.catalog.documents["id-document"].detail,
        # the same through a procedure's requirements
        next(r.document.detail for r in m.catalog.get("card-pickup").requirements_for("self") if r.id == "id-document"),
    ):
        assert ("健康保険証または資格確認書" in detail.ja) is case["health_insurance_card"]
        assert ("health insurance card or" in detail.en) is case["health_insurance_card"]
        assert "資格確認書" in detail.ja


def test_a_view_is_kept_per_day(koganei):
    day = date(2026, 12, 1)
    assert koganei.as_of(day) is koganei.as_of(day)
    assert koganei.as_of(day).as_of(day) is koganei.as_of(day)


def test_dated_values():
    v = Dated((Change(None, 1, ()), Change(date(2024, 9, 20), 2, ("https://example.org",))))
    assert (v.on(date(2024, 9, 19)), v.on(date(2024, 9, 20)), v.latest) == (1, 2, 2)
    later = Dated((Change(date(2025, 1, 1), "x", ()),))
    with pytest.raises(LookupError, match="2025-01-01"):
        later.on(date(2024, 12, 31))
    t = DatedText("あ", "a", "あ", effective=date(2024, 1, 1), until=date(2025, 1, 1))
    assert [t.in_force(d) for d in (date(2023, 12, 31), date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 1))] == [
        False, True, True, False
    ]  # fmt: skip


@pytest.mark.parametrize("case", cases("dated.yaml", "tokutei_zairyu_card"))
def test_the_tokutei_zairyu_card_exists_from_its_date(koganei, case):
    assert koganei.as_of(case["day"]).value("tokutei_zairyu_card") is case["possible"]


def test_the_renewal_window_and_pin_lock_counts_are_looked_up_in_force_on_a_day(data):  # noqa: F811
    """ADR 0012: a change of these numbers is a dated row in national/rules.yaml, no code.
    (A made-up change in a copy of the data: the law has not changed them.)"""
    from datetime import date

    from tests.rules.test_data_errors import edit, load

    edit(data, "national/rules.yaml", "    - {value: 3, sources: [kanazawa]}\n",
         "    - {value: 3, sources: [kanazawa]}\n    - {effective: 2030-01-01, value: 12, sources: [kanazawa]}\n")
    edit(data, "national/rules.yaml", "user-certificate: {format: digits4, locks_after: 3}",
         "user-certificate: {format: digits4, locks_after: [{value: 3, sources: [tajimi]}, {effective: 2030-01-01, value: 5, sources: [tajimi]}]}")
    m = load(data)
    before, after = m.as_of(date(2029, 12, 31)), m.as_of(date(2030, 1, 1))
    assert (before.validity.renewal_window_months, after.validity.renewal_window_months) == (3, 12)
    assert (before.pins["user-certificate"].locks_after, after.pins["user-certificate"].locks_after) == (3, 5)


@pytest.mark.parametrize("case", cases("dated.yaml", "special_period"))
def test_the_special_period_is_looked_up_in_force_on_a_day(case):
    from madoguchi.rules.lifecycle.data import load_lifecycle_rules

    assert load_lifecycle_rules().special_period_months(case["day"]) == case["months"]


def test_a_change_of_the_special_period_is_a_dated_row_in_lifecycle_yaml(data):  # noqa: F811
    """ADR 0012: the 特例期間 changes by a dated row in national/lifecycle.yaml, no code; a
    period-of-stay change recorded the day before the change and the day of it.
    (A made-up change in a copy of the data: the law has not changed it.)"""
    from madoguchi.rules.lifecycle import transitions as lc
    from madoguchi.rules.lifecycle.data import load_lifecycle_rules

    from tests.rules.test_data_errors import edit, load

    edit(data, "national/lifecycle.yaml", "    - {value: 2, sources: [katsuragi, tsumagoi, ashiya]}\n",
         "    - {value: 2, sources: [katsuragi, tsumagoi, ashiya]}\n"
         "    - {effective: 2030-01-01, value: 3, sources: [katsuragi]}\n")
    life = load_lifecycle_rules(str(data / "national"))
    assert (life.special_period_months(date(2029, 12, 31)), life.special_period_months(date(2030, 1, 1))) == (2, 3)
    validity = load(data).validity
    card = lc.Card(status="active", issued=date(2028, 1, 10), expires=date(2030, 3, 31), expiry_basis="period_of_stay")
    holder = lc.Holder(birth_date=date(1990, 6, 15), period_of_stay_end=date(2030, 3, 31))
    expiries = [
        lc.period_of_stay_change(card, holder, validity, life, new_end=None, special_period=True, today=day)[0].card.expires
        for day in (date(2029, 12, 31), date(2030, 1, 1))
    ]
    assert expiries == [date(2030, 5, 31), date(2030, 6, 30)]
