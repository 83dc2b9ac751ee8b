"""The clerk's pages: search, the resident at a glance, a guided procedure, the receipt,
and the My Number: masked for everyone, revealed only to a supervisor, with a reason, audited."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.models import Card
from tests.staff.conftest import log_in, make_staff, prefer_english  # noqa: F401 (a fixture)

from .conftest import MY_NUMBER, make_card, make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_staff, now):
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    return client


@pytest.fixture
def english_clerk(make_staff, now):
    """A clerk who chose English beside the Japanese."""
    client = Client()
    log_in(client, make_staff("brown", "clerk"))
    prefer_english(client)
    return client


@pytest.fixture
def supervisor(make_staff, now):
    client = Client()
    log_in(client, make_staff("suzuki", "supervisor"))
    return client


def test_search_by_kana_finds_and_audits(clerk):
    hanako = make_resident()
    make_resident(family_name="貫井", family_name_kana="ヌクイ", my_number="")
    page = clerk.get("/staff/residents/", {"kana": "こがね"}).content.decode()
    assert f"/staff/residents/{hanako.pk}/" in page and "ヌクイ" not in page
    assert AuditEntry.objects.filter(action="search", actor="tanaka").exists()


def test_a_bad_birth_date_is_explained(clerk):
    response = clerk.get("/staff/residents/", {"birth_date": "15/06/1990"})
    assert response.status_code == 422
    assert "1990-06-15" in response.content.decode()


def test_the_resident_page_shows_the_card_what_is_due_and_a_masked_number(clerk):
    resident = make_resident()
    make_card(resident, status="suspended", lost=True)
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert "一時停止中" in page
    assert "**** **** 9018" in page and MY_NUMBER not in page
    assert "reveal" not in page  # a clerk has no reveal form
    assert AuditEntry.objects.filter(action="read", subject_type="resident", subject_id=str(resident.pk)).count() == 1


def test_the_resident_page_labels_the_full_address_as_an_address_not_as_the_search_field(english_clerk):
    resident = make_resident()
    page = english_clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    row = page[page.index("<th>住所"):]
    row = row[: row.index("</tr>")]
    assert resident.address in row and "Address" in row
    assert "（一部）" not in row and "(part)" not in row  # the search form's 「住所（一部）」 is for a part typed


def test_the_search_results_head_the_address_column_as_the_full_address(clerk):
    make_resident()
    page = clerk.get("/staff/residents/", {"kana": "こがね"}).content.decode()
    results = page[page.index("<thead>"):]
    assert "<th>住所" in results and "住所（一部）" not in results[: results.index("</thead>")]


def test_the_resident_page_says_whether_the_card_is_a_tokutei_zairyu_card(english_clerk):
    clerk = english_clerk
    resident = make_resident(nationality="VN", period_of_stay_end=date(2027, 3, 31))
    make_card(resident, issued=date(2026, 7, 1), expires=date(2027, 3, 31), expiry_basis="period_of_stay", serves_as_residence_card=True)
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert "特定在留カード（在留カード兼用）" in page
    assert "在留期間の更新は出入国在留管理局で手続" in page and "the stay is renewed at the immigration office" in page
    assert page.index("在留期間の更新は出入国在留管理局で手続") < page.index("the stay is renewed at the immigration office")  # Japanese first


def test_an_ordinary_card_is_shown_as_no_tokutei_zairyu_card(clerk):
    resident = make_resident()
    make_card(resident)
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert "特定在留カード（在留カード兼用）" in page and "出入国在留管理局" not in page


def test_the_clerk_records_the_language_a_resident_wants_the_city_to_write_in(clerk):
    resident = make_resident()
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert "お知らせの言語" in page and 'value="en"' in page
    clerk.post(f"/staff/residents/{resident.pk}/language/", {"language": "en"})
    resident.refresh_from_db()
    assert resident.language == "en"
    entry = AuditEntry.objects.get(action="update", subject_type="resident", subject_id=str(resident.pk))
    assert entry.detail == {"language": {"from": "ja", "to": "en"}}
    refused = clerk.post(f"/staff/residents/{resident.pk}/language/", {"language": "fr"}, follow=True).content.decode()
    assert "日本語・English・やさしい日本語 から選んでください" in refused
    resident.refresh_from_db()
    assert resident.language == "en"


def test_a_clerk_cannot_reveal_and_the_refusal_is_audited_as_denied(clerk):
    """Issue 11: a clerk's refused reveal left no audit entry (the other role refusals do)."""
    resident = make_resident()
    page = clerk.post(f"/staff/residents/{resident.pk}/reveal/", {"reason": "curious 1234 5678 9018"}, follow=True).content.decode()
    assert "個人番号を表示できません" in page and MY_NUMBER not in page
    assert not AuditEntry.objects.filter(action="reveal-my-number").exists()
    denied = AuditEntry.objects.get(action="denied")
    assert (denied.actor, denied.actor_role, denied.resident_id) == ("tanaka", "clerk", str(resident.pk))
    assert denied.detail == {"action": "reveal-my-number"} and denied.reason == ""  # not what was typed


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        ("照会 1234-5678-9018", "マイナンバー（個人番号）と思われる12桁の番号"),
        ("照会 １２３４.５６７８.９０１８", "マイナンバー（個人番号）と思われる12桁の番号"),
        ("照会\t本人確認", "制御文字"),
        ("照" * 201, "200文字以内"),
    ],
)
def test_a_reveal_reason_with_a_my_number_or_too_long_is_refused_and_kept_nowhere(supervisor, reason, says):
    resident = make_resident()
    page = supervisor.post(f"/staff/residents/{resident.pk}/reveal/", {"reason": reason}, follow=True).content.decode()
    assert says in page and MY_NUMBER not in page
    assert not AuditEntry.objects.filter(action="reveal-my-number").exists()
    assert "9018" not in "".join(AuditEntry.objects.values_list("reason", flat=True))


@pytest.mark.parametrize("query", [{"kana": "1234 5678 9018"}, {"address": "貫井北町 123456789018"}, {"kana": "1234-5678-9013"}])
def test_a_my_number_as_a_search_filter_is_refused_before_the_search_is_audited(clerk, query):
    make_resident()
    response = clerk.get("/staff/residents/", query)
    assert response.status_code == 422 and "マイナンバー" in response.content.decode()
    assert not AuditEntry.objects.filter(action="search").exists()


def test_a_supervisor_reveals_with_a_reason_and_it_is_audited(supervisor):
    resident = make_resident()
    no_reason = supervisor.post(f"/staff/residents/{resident.pk}/reveal/", {"reason": " "})
    assert MY_NUMBER not in no_reason.content.decode()
    page = supervisor.post(f"/staff/residents/{resident.pk}/reveal/", {"reason": "J-LIS照会"}).content.decode()
    assert MY_NUMBER in page
    entry = AuditEntry.objects.get(action="reveal-my-number")
    assert (entry.actor, entry.reason, entry.resident_id) == ("suzuki", "J-LIS照会", str(resident.pk))
    assert MY_NUMBER not in str(entry.detail)


def test_the_guided_form_lists_the_applicants_documents_and_will_not_complete_without_them(clerk):
    resident = make_resident()
    card = make_card(resident, status="suspended", lost=True)
    url = f"/staff/cards/{card.pk}/do/apply-reissue/"
    page = clerk.get(url, {"applicant_type": "voluntary-proxy", "conditions": "lost-outside-home"}).content.decode()
    assert "委任状" in page and "遺失物届の受理番号" in page and "1,000円" in page
    form = {"applicant_type": "self", "procedure": "reissue-after-loss", "with_certificates": "on", "documents": ["id-document"]}
    refused = clerk.post(url, form)
    assert refused.status_code == 409 and "確認していない書類" in refused.content.decode()
    assert Card.objects.get(pk=card.pk).status == "suspended"
    form["documents"] = ["id-document", "application-form"]
    done = clerk.post(url, form)
    assert done.status_code == 302
    case = resident.cases.get()
    assert case.fee_total == 1000 and case.receipt.number.startswith("R2026-")
    pdf = clerk.get(f"/staff/cases/{case.pk}/receipt.pdf")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "領収書" in text and "1,000" in text


def test_pages_need_a_staff_login(client):
    assert client.get("/staff/residents/?kana=コ").status_code == 302


def test_the_prefilled_form_is_filled_from_the_register_and_has_no_my_number(clerk):
    resident = make_resident()
    card = make_card(resident, serial="AB0000000009")
    response = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf", {"applicant_type": "self"})
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("券面記載事項の変更", "小金井 花子", "コガネイ ハナコ", "1990年6月15日", "本町六丁目", "AB0000000009", "署名"):
        assert expected in text
    assert MY_NUMBER not in text and "9018" not in text


def test_opening_a_procedure_form_is_an_audited_read(clerk):
    resident = make_resident()
    card = make_card(resident)
    assert clerk.get(f"/staff/cards/{card.pk}/do/pin-reset/").status_code == 200
    assert AuditEntry.objects.filter(action="read", resident_id=str(resident.pk), reason="form pin-reset").exists()
    assert clerk.get(f"/staff/cards/{card.pk}/do/fly-to-the-moon/").status_code == 404


def test_kana_search_matches_the_start_of_the_family_name_or_of_the_whole_name(clerk):
    from madoguchi.audit.services import Actor
    from madoguchi.counter.services.residents import search

    hanako = make_resident()
    make_resident(given_name="太郎", given_name_kana="タロウ", register_id="2", my_number="")
    clerk_actor = Actor("tanaka", "clerk")
    assert len(search(clerk_actor, kana="コガネ")) == 2
    assert search(clerk_actor, kana="こがねい はな") == [hanako]  # hiragana and spaces normalised
    assert search(clerk_actor, kana="ハナコ") == []  # the given name alone is not a start


def test_a_malformed_field_is_a_422_naming_it(clerk):
    card = make_card(make_resident(nationality="VN", period_of_stay_end=date(2029, 6, 15)))
    response = clerk.post(f"/staff/cards/{card.pk}/do/period-of-stay-change/", {"new_end": "next year", "documents": []})
    assert response.status_code == 422
    page = response.content.decode()
    assert "入力を確認してください：new_end" in page


def test_the_staff_home_carries_the_resident_search(clerk):
    page = clerk.get("/staff/").content.decode()
    assert 'action="/staff/residents/"' in page and 'name="kana"' in page and 'name="birth_date"' in page


def test_the_form_shows_the_actions_own_inputs_from_the_registry(clerk):
    card = make_card(make_resident())
    page = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/").content.decode()
    assert '<select id="change" name="change">' in page and '<option value="address" selected>住所</option>' in page
    assert 'id="family_name_kana" name="family_name_kana"' in page
    number = clerk.get(f"/staff/cards/{card.pk}/do/my-number-change/").content.decode()
    assert 'name="new_number" required autocomplete="off" inputmode="numeric"' in number
    assert '<input type="checkbox" name="leaked_and_may_be_misused">' in number
    suspend = clerk.get(f"/staff/cards/{card.pk}/do/suspend-lost-card/").content.decode()
    assert suspend.index('<option value="phone" selected>') < suspend.index('<option value="counter">')  # the default first, chosen


def test_an_api_1_0_name_opens_the_actions_form(clerk):
    card = make_card(make_resident())
    page = clerk.get(f"/staff/cards/{card.pk}/do/reset-pin/")
    assert page.status_code == 200 and f'/staff/cards/{card.pk}/do/pin-reset/form.pdf' in page.content.decode()


def test_the_resident_page_offers_the_actions_of_each_cards_state(clerk):
    resident = make_resident()
    card = make_card(resident, status="lapsed")
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert f"/staff/cards/{card.pk}/do/apply-reissue/" in page and f"/staff/cards/{card.pk}/do/card-return/" in page
    assert f"/staff/cards/{card.pk}/do/suspend-lost-card/" not in page


@pytest.mark.parametrize(
    "day, procedure, warning",
    [
        # マイナ免許証 (FACTS.md §9) [akita-police, toyama-police]: from 2025-09-01 a
        # licence on the card carries over only to a new card applied for online.
        ("2026-11-24", "reissue-notes-full", "オンラインで申請するようご案内ください"),
        ("2026-11-24", "reissue-after-loss", "警察で再記録してください（手数料1,500円）"),
        ("2025-09-01", "express-issue", "警察で再記録してください"),
        ("2025-08-29", "reissue-notes-full", None),  # a Friday before the change: carried over
    ],
)
def test_the_form_warns_before_an_application_that_drops_the_driving_licence(make_staff, day, procedure, warning):
    from datetime import datetime

    from madoguchi.core import clock

    card = make_card(make_resident(), status="active", notes_used=4, notes_capacity=4)
    with clock.pinned(datetime.fromisoformat(day).replace(hour=10, tzinfo=clock.TOKYO)):
        client = Client()
        log_in(client, make_staff("tanaka", "clerk"))
        page = client.get(f"/staff/cards/{card.pk}/do/apply-reissue/", {"procedure": procedure}).content.decode()
        if warning is None:
            assert "マイナ免許証の確認" not in page
        else:
            assert "マイナ免許証の確認" in page and warning in page
        assert "マイナ免許証の確認" not in client.get(f"/staff/cards/{card.pk}/do/pin-reset/").content.decode()


def test_the_card_says_until_when_it_works_as_the_health_insurance_card(clerk):
    """マイナ保険証 (FACTS.md §9): to the end of the 3rd month after the earlier expiry."""
    resident = make_resident()
    make_card(resident, expires=date(2029, 6, 15), user={"status": "active", "issued": date(2022, 2, 1), "expires": date(2027, 2, 10)})
    page = clerk.get(f"/staff/residents/{resident.pk}/").content.decode()
    assert "マイナ保険証として使える期限" in page and "2027年5月31日（月）" in page
