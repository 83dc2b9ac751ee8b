"""Each outcome step filled in from the catalog and calendar (rules/guide_plan.py)."""

from __future__ import annotations

from datetime import date

from madoguchi.rules.guide import outcome
from madoguchi.rules.guide_plan import plan
from madoguchi.rules.loader import load_municipality

M = load_municipality("koganei")
FRIDAY = date(2026, 11, 20)  # 11/22 is the maintenance Sunday, 11/23 a holiday
LOST_AT_HOME = {"situation": "lost", "lost_where": "home", "lost_found": "not-found", "urgent": "not-urgent", "licence": "not-on-card", "age": "adult"}


def steps_for(answers, today=FRIDAY):
    m = M.as_of(today)  # the law of that day
    steps, _ = plan(m, outcome(m, answers), today)
    return {s.procedure.id: s for s in steps}


def test_police_report_is_left_out_when_lost_at_home():
    reissue = steps_for({**LOST_AT_HOME, "applicant": "self"})["reissue-after-loss"]
    assert "police-report-number" not in [r.id for r in reissue.requirements]
    outside = steps_for({**LOST_AT_HOME, "lost_where": "outside", "applicant": "self"})["reissue-after-loss"]
    assert "police-report-number" in [r.id for r in outside.requirements]


def test_requirements_are_the_chosen_applicants():
    proxy = steps_for({**LOST_AT_HOME, "applicant": "voluntary-proxy"})["reissue-after-loss"]
    assert [r.id for r in proxy.requirements] == ["notifier-id", "power-of-attorney", "application-form"]


def test_a_proxy_may_collect_the_card_with_the_委任状_and_the_proof_of_the_reason():
    # 番号法施行令13条3項 (FACTS.md §9).
    for applicant in ("voluntary-proxy", "household-member"):
        pickup = steps_for({"situation": "notice-arrived", "applicant": applicant})["card-pickup"]
        assert pickup.applicant_allowed
        ids = [r.id for r in pickup.requirements]
        assert {"pickup-power-of-attorney", "notifier-id", "holder-id", "unavoidable-reason-proof"} <= set(ids)


def test_applicant_not_allowed_is_said_with_who_may():
    express = steps_for({**LOST_AT_HOME, "urgent": "urgent", "applicant": "household-member"})["express-issue"]
    assert not express.applicant_allowed and express.allowed_applicants == ("self",)


def test_next_open_days_skip_the_maintenance_sunday_and_the_holiday():
    reissue = steps_for({**LOST_AT_HOME, "applicant": "self"})["reissue-after-loss"]
    assert [d.date.day for d in reissue.next_open_days] == [20, 24, 25, 26, 27]
    assert {d.date.day: d.reason_codes for d in reissue.nearby_closed} == {
        22: ("jlis_maintenance",), 23: ("national_holiday",)
    }
    assert reissue.fee.total == 1000


def test_pickup_days_start_after_the_card_is_made():
    pickup = steps_for({**LOST_AT_HOME, "applicant": "self"})["card-pickup"]
    assert pickup.after_earlier_steps and pickup.starts == date(2026, 12, 20)
    assert pickup.next_open_days[0].date == date(2026, 12, 21)


def test_month_calendar_marks_every_day():
    reissue = steps_for({**LOST_AT_HOME, "applicant": "self"})["reissue-after-loss"]
    days = [d for week in reissue.month.weeks for d in week if d is not None]
    assert len(days) == 30 and not next(d for d in days if d.date.day == 22).open


def test_my_number_change_is_never_on_a_weekend():
    change = steps_for({"situation": "leaked", "licence": "not-on-card", "age": "adult", "applicant": "self"})["my-number-change"]
    assert all(d.date.weekday() < 5 for d in change.next_open_days)


def test_a_24_hour_line_has_no_counter_calendar():
    suspend = steps_for({**LOST_AT_HOME, "applicant": "self"})["suspend-lost-card"]
    assert suspend.month is None and suspend.next_open_days == ()
