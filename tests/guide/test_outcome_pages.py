"""The outcome page, the checklist PDF and the ICS file."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from .conftest import LOST_OUTSIDE

OUTCOME = "/ja/guide/outcome/?" + urlencode(LOST_OUTSIDE)


def test_outcome_lists_the_steps_in_order_with_what_to_do_now(client):
    html = client.get(OUTCOME).content.decode()
    order = [html.index(name) for name in ("紛失・盗難時の一時停止", "紛失後の再交付", "カードの受け取り（交付）")]
    assert order == sorted(order)
    now = html.split('id="h-now"')[1].split("</section>")[0]
    assert "0120-95-0178" in now and "受理番号" in now


def test_outcome_says_why_nearby_days_are_closed(client):
    html = client.get(OUTCOME).content.decode()
    assert "2026年11月22日（日） 休み：全国的なシステムメンテナンス" in html
    assert "2026年11月23日（月） 休み：祝日（勤労感謝の日）" in html
    assert "2026-11-2" not in html.split("<main")[1].replace('value="2026-11-', "")  # no ISO date shown


def test_today_is_the_first_day_only_while_the_counter_is_still_open(client, monkeypatch):
    # Friday 20 November 2026: the counter is open 08:30-17:00.
    def first_day(now: str) -> str:
        monkeypatch.setenv("MADOGUCHI_NOW", now)
        html = client.get(OUTCOME).content.decode()
        return html.split('class="days open-days"><li>')[1].split("</li>")[0]

    assert first_day("2026-11-20T16:59+09:00").startswith("2026年11月20日（金） 8時30分〜17時")
    assert first_day("2026-11-20T17:00+09:00").startswith("2026年11月24日（火）")


def test_the_month_marks_past_days_over_and_closed_days_in_words(client, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-20T17:30+09:00")
    table = client.get(OUTCOME).content.decode().split('<table class="month">')[1].split("</table>")[0]
    cells = {c.split('class="day-number">')[1].split("<")[0]: c for c in table.split("<td")[1:] if "day-number" in c}
    assert 'class="past"' in cells["19"] and "終了" in cells["19"]
    assert 'class="past"' in cells["20"]  # today, after closing time
    assert 'class="closed"' in cells["23"] and "休み" in cells["23"]
    assert 'class="open"' in cells["24"] and "受付" in cells["24"]


def test_outcome_calendar_is_a_table_with_text(client):
    html = client.get(OUTCOME).content.decode()
    table = html.split('<table class="month">')[1].split("</table>")[0]
    assert "<caption>" in table and 'scope="col"' in table
    assert "休み" in table and "受付" in table and "休止" not in table


def test_booking_link_only_where_bookable(client):
    html = client.get(OUTCOME).content.decode()
    assert 'href="/ja/book/reissue-after-loss/"' in html
    assert 'href="/ja/book/suspend-lost-card/"' not in html


def test_proxy_not_allowed_is_told_who_may(client):
    answers = {**LOST_OUTSIDE, "urgent": "urgent", "applicant": "household-member"}
    html = client.get("/en/guide/outcome/?" + urlencode(answers)).content.decode()
    assert "A member of the same household cannot do this procedure" in html


def test_checklist_pdf_holds_name_fee_and_address_in_japanese(client):
    response = client.get("/ja/guide/checklist.pdf?" + urlencode(LOST_OUTSIDE))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "紛失後の再交付" in compact
    assert "1,000円" in compact
    assert "東京都小金井市小金井市役所第二庁舎一階" in compact
    assert "0120-95-0178" in compact
    assert "0120-601-785" in compact and "聴覚に障害のある方" in compact  # the fax line for deaf callers
    assert "2026年（令和8年）11月20日（金）時点" in compact  # the printed date, as letters write it


def test_checklist_pdf_keeps_each_closure_reason_apart(client, monkeypatch):
    # New Year's Day is a national holiday inside the year-end closure: two reasons.
    monkeypatch.setenv("MADOGUCHI_NOW", "2026-12-25T10:00+09:00")
    response = client.get("/ja/guide/checklist.pdf?" + urlencode(LOST_OUTSIDE))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "2027年1月1日（金）休み：祝日（元日）のため休業／年末年始" in compact
    assert "2027-01-01" not in compact


def test_ics_for_a_chosen_open_day(client):
    response = client.get("/ja/guide/visit.ics?" + urlencode({**LOST_OUTSIDE, "procedure": "reissue-after-loss", "day": "2026-11-24"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "紛失後の再交付"
    assert event.decoded("dtstart").isoformat() == "2026-11-24T08:30:00+09:00"
    assert "小金井市役所第二庁舎一階" in str(event["location"])
    assert "受理番号" in str(event["description"])
    (zone,) = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Tokyo" and event["dtstart"].params["TZID"] == "Asia/Tokyo"


@pytest.mark.parametrize("day", ["2026-11-22", "2026-11-23", "not-a-date", "2026-11-19"])
def test_ics_refuses_a_closed_or_bad_day_with_a_way_back(client, day):
    response = client.get("/ja/guide/visit.ics?" + urlencode({**LOST_OUTSIDE, "procedure": "reissue-after-loss", "day": day}))
    assert response.status_code == 400
    assert "/ja/guide/outcome/?" in response.content.decode()


def test_ics_refuses_a_procedure_not_in_the_outcome(client):
    response = client.get("/ja/guide/visit.ics?" + urlencode({**LOST_OUTSIDE, "procedure": "no-such", "day": "2026-11-24"}))
    assert response.status_code == 400


def test_search_page_finds_from_residents_words(client):
    html = client.get("/ja/search/?q=" + "暗証番号 忘れた").content.decode()
    assert "/ja/procedures/pin-reset/" in html
    html = client.get("/en/search/?q=nothing+matches+this").content.decode()
    assert "Nothing found" in html


def test_a_lost_smartphone_is_sent_to_the_24_hour_lines_not_the_counter(client):
    # スマホ用電子証明書 (FACTS.md §9) [jpki-lost, digital-smartphone].
    html = client.get("/ja/guide/outcome/?situation=smartphone&smartphone_state=lost&applicant=self").content.decode()
    assert "スマートフォンの電子証明書を一時停止" in html and "0120-95-0178" in html
    found = client.get("/ja/guide/outcome/?situation=smartphone&smartphone_state=found&applicant=self").content.decode()
    assert "マイナポータルアプリで一時停止を解除" in found and "0120-95-0178" not in found


def test_an_expiring_card_with_the_licence_on_it_is_sent_online_and_told_of_the_insurance_grace(client):
    # マイナ免許証 and マイナ保険証 (FACTS.md §9): the guide's notes on the outcome page.
    html = client.get("/ja/guide/outcome/?situation=card-expiring&licence=on-card&age=adult&applicant=self").content.decode()
    assert "オンラインで申請した場合だけ引き継がれます" in html and "1,500円" in html
    assert "マイナ保険証として使えます" in html
    easy = client.get("/easy/guide/outcome/?situation=card-expiring&licence=on-card&age=adult&applicant=self").content.decode()
    assert "<ruby>" in easy and "《" not in easy


def test_moving_abroad_keeps_the_card_by_the_day_before_departure(client):
    # 国外継続利用 (FACTS.md §9, since 2024-05-27).
    html = client.get("/ja/guide/outcome/?situation=abroad&abroad_state=leaving-keep&applicant=self").content.decode()
    assert "国外転出時のカードの継続利用" in html and "出国の前日まで" in html


def test_a_resident_sees_the_citys_own_page_and_national_sources_not_other_cities(client):
    # Issue 12: other cities' pages stay in the data as evidence for staff.
    html = client.get("/ja/procedures/express-issue/").content.decode()
    assert "https://www.city.koganei.lg.jp/kurashi/410/shakaihoshou/my_number_card.html" in html
    assert "kokubunji" not in html and "sanuki" not in html
    smartphone = client.get("/ja/procedures/smartphone-certificate-suspension/").content.decode()
    assert "https://digital.go.jp/policies/mynumber/smartphone-certification/attention" in smartphone
