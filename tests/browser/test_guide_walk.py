"""A resident walks the guide in Chromium, situation by situation, and reads the outcome.

The clock is pinned to Friday 2026-11-20: Sunday 11/22 is the J-LIS
maintenance Sunday and Monday 11/23 a national holiday, so the next open
days must be 11/20, then 11/24 onward. The situations and the procedures
expected are the clerk-readable cases in tests/guide/cases/interview.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from madoguchi.rules.guide import SITUATIONS, outcome
from madoguchi.rules.guide_plan import plan

from .guide_walk import PINNED_NOW, TODAY, M, answer_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = yaml.safe_load((Path(__file__).parent.parent / "guide" / "cases" / "interview.yaml").read_text(encoding="utf-8"))


def _walked(cases):
    """The first case of each situation, and every case sent by someone other than the cardholder."""
    seen, out = set(), []
    for c in cases:
        situation = c["answers"]["situation"]
        if c["procedures"] and (situation not in seen or c["answers"]["applicant"] != "self"):
            seen.add(situation)
            out.append(c)
    return out


WALKED = _walked(CASES)


@pytest.fixture
def guide(live_server, page, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", PINNED_NOW)  # the live server runs in this process
    page.goto(f"{live_server.url}/ja/guide/")
    return page


def yen(amount: int) -> str:
    return f"{amount:,}円"


@pytest.mark.parametrize("case", WALKED, ids=[c["name"] for c in WALKED])
def test_resident_walks_a_situation(guide, case):
    page = guide
    page.get_by_role("link", name="はじめる").click()
    answer_questions(page, case["answers"])

    steps, _ = plan(M, outcome(M, case["answers"]), TODAY)
    headings = page.locator("ol.steps > li > h2").all_inner_texts()
    expected_names = [M.catalog.get(p).name.ja for p in case["procedures"]]
    assert [h.split("\n")[-1].strip() for h in headings] == expected_names  # after "手順N"

    for number, step in enumerate(steps, start=1):
        text = page.locator(f"#step-{number}").inner_text()
        assert f"持ち物（{M.catalog.applicants[case['answers']['applicant']].name.ja}）" in text
        if step.applicant_allowed:
            for requirement in step.requirements:
                assert requirement.label.ja in text
        else:
            assert "ではできません" in text
        assert (yen(step.fee.total) if step.fee.total else "無料") in text
        if step.procedure.service_hours == "counter" and not step.after_earlier_steps:
            open_days = page.locator(f"#step-{number} ul.open-days").inner_text()
            assert "2026年11月20日（金）" in open_days and "2026年11月24日（火）" in open_days
            assert "11月22日" not in open_days and "11月23日" not in open_days
            closed = page.locator(f"#step-{number} ul.closed-days").inner_text()
            assert "2026年11月22日（日） 休み：全国的なシステムメンテナンス" in closed
            assert "2026年11月23日（月） 休み：祝日（勤労感謝の日）" in closed


def test_at_least_twelve_situations_are_walked():
    assert len(WALKED) >= 12
    assert {c["answers"]["situation"] for c in WALKED} == set(SITUATIONS)  # every situation the guide knows


def test_lost_card_outcome_says_what_to_do_now(guide):
    page = guide
    page.get_by_role("link", name="はじめる").click()
    answer_questions(page, next(c for c in CASES if c["name"].startswith("駅で落とした"))["answers"])
    now = page.locator("section.act-now").inner_text()
    assert "0120-95-0178" in now and "受理番号" in now
    assert page.locator("#step-2 a.book").get_attribute("href") == "/ja/book/reissue-after-loss/"
    assert page.locator("#step-1 a.book").count() == 0  # the 24-hour line is not booked


def test_back_link_keeps_the_later_answers(guide):
    page = guide
    case = next(c for c in CASES if c["name"].startswith("駅で落とした"))
    page.get_by_role("link", name="はじめる").click()
    answer_questions(page, case["answers"])
    page.get_by_role("link", name=re.compile("変更.*窓口に行くのはどなたですか")).click()
    page.get_by_role("link", name="戻る").click()  # to the age question
    assert "/guide/q/age/" in page.url and "applicant=self" in page.url
    assert page.get_by_label("18歳以上", exact=True).is_checked()
