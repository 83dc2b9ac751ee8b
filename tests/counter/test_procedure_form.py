"""The procedure form never makes a clerk stumble: what refuses the procedure is said
when the form opens, a refused submit gives back every value typed, the pre-filled
form carries the new values, and every case, free or paid, has its 控え."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.test import Client
from pypdf import PdfReader

from madoguchi.audit.models import AuditEntry
from madoguchi.core import clock
from madoguchi.counter.models import Resident
from tests.staff.conftest import log_in, make_staff  # noqa: F401 (a fixture)

from .conftest import NEW_MY_NUMBER, make_card, make_resident

pytestmark = pytest.mark.django_db
NEW_ADDRESS = "東京都小金井市緑町五丁目1番1号"


@pytest.fixture
def clerk(make_staff, now):
    client = Client()
    log_in(client, make_staff("tanaka", "clerk"))
    return client


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


# --- refusals up front ---------------------------------------------------------
# What refuses the procedure whatever the clerk types, and what the form says when it opens.
REFUSED_WHEN_OPENED = [
    ("a suspended card", {"status": "suspended", "lost": True}, "card-info-change", "このカードは一時停止中です"),
    ("a full notes field", {"notes_used": 4, "notes_capacity": 4}, "card-info-change", "追記欄がいっぱいです（4/4）"),
    ("a full notes field", {"notes_used": 4, "notes_capacity": 4}, "period-of-stay-change", "追記欄がいっぱいです"),
    ("a returned card", {"status": "returned"}, "pin-reset", "このカードは返却済みです"),
    ("too early a renewal", {}, "certificate-renewal", "電子証明書の更新は2029-03-16から受け付けます"),  # certificates expire 2029-06-15
]


@pytest.mark.parametrize(("why", "card_fields", "action", "said"), REFUSED_WHEN_OPENED,
                         ids=[f"{why} ({action})" for why, _, action, _ in REFUSED_WHEN_OPENED])
def test_the_form_says_at_once_why_the_procedure_cannot_be_done(clerk, why, card_fields, action, said):
    card = make_card(make_resident(), **card_fields)
    page = clerk.get(f"/staff/cards/{card.pk}/do/{action}/").content.decode()
    assert "この手続は今はできません" in page and said in page


def test_out_of_hours_the_form_says_so_when_it_opens(make_staff):
    card = make_card(make_resident())
    with clock.pinned(datetime(2026, 11, 24, 17, 30, tzinfo=clock.TOKYO)):  # a Tuesday, after hours
        client = Client()
        log_in(client, make_staff("tanaka", "clerk"))
        page = client.get(f"/staff/cards/{card.pk}/do/card-info-change/").content.decode()
    assert "この手続は今はできません" in page and "受付時間外です" in page


def test_a_form_that_can_be_done_says_no_refusal(clerk):
    card = make_card(make_resident())
    page = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/").content.decode()
    assert "この手続は今はできません" not in page and "refusal-now" not in page


# --- a refused submit keeps what was typed -------------------------------------
def test_a_refused_submit_gives_back_every_value_typed(clerk):
    resident = make_resident()
    card = make_card(resident)
    form = {"applicant_type": "legal-representative", "applicant_name": "小金井 一郎", "change": "address", "address": NEW_ADDRESS,
            "documents": ["my-number-card"]}  # fmt: skip  (not every document: refused)
    refused = clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/", form)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert f'value="{NEW_ADDRESS}"' in page
    assert 'value="小金井 一郎"' in page and '<option value="address" selected>' in page
    assert 'value="my-number-card" checked' in page
    assert Resident.objects.get(pk=resident.pk).address != NEW_ADDRESS  # nothing changed


def test_a_refused_submit_never_echoes_a_my_number(clerk):
    card = make_card(make_resident())
    refused = clerk.post(f"/staff/cards/{card.pk}/do/my-number-change/", {"new_number": NEW_MY_NUMBER, "documents": []})
    assert refused.status_code in (409, 422) and NEW_MY_NUMBER not in refused.content.decode()


def test_a_refused_submit_keeps_a_flag_the_clerk_cleared(clerk):
    card = make_card(make_resident())
    page = clerk.post(f"/staff/cards/{card.pk}/do/certificate-renewal/", {"documents": []}).content.decode()  # with_signature unticked
    assert '<input type="checkbox" name="with_signature">' in page


# --- the pre-filled form carries the new values ----------------------------------
def test_the_prefilled_form_shows_the_new_address_typed(clerk):
    card = make_card(make_resident())
    form = {"applicant_type": "self", "change": "address", "address": NEW_ADDRESS}
    text = pdf_text(clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf", form))
    assert "新しい住所" in text and "緑町五丁目1番1号" in text  # the new address ...
    assert "本町六丁目" in text  # ... beside the register's
    assert "変更する事項" in text and "住所" in text


def test_the_procedure_form_posts_what_is_typed_to_the_prefilled_form(clerk):
    card = make_card(make_resident())
    page = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/").content.decode()
    assert f'formaction="/staff/cards/{card.pk}/do/card-info-change/form.pdf"' in page  # a button of the same form


def test_the_prefilled_form_of_a_new_name_and_of_a_new_end_of_stay(clerk):
    card = make_card(make_resident())
    form = {"change": "name", "family_name": "前原", "given_name": "花子", "family_name_kana": "マエハラ", "given_name_kana": "ハナコ"}
    text = pdf_text(clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf", form))
    assert "新しい氏" in text and "前原" in text and "マエハラ" in text
    foreign = make_card(make_resident(nationality="VN", period_of_stay_end=datetime(2027, 3, 31).date(), my_number=""))
    text = pdf_text(clerk.post(f"/staff/cards/{foreign.pk}/do/period-of-stay-change/form.pdf", {"new_end": "2030-03-31"}))
    assert "新しい在留期間満了日" in text and "2030-03-31" in text


def test_the_prefilled_form_never_carries_a_my_number(clerk):
    card = make_card(make_resident())
    text = pdf_text(clerk.post(f"/staff/cards/{card.pk}/do/my-number-change/form.pdf", {"new_number": NEW_MY_NUMBER}))
    assert NEW_MY_NUMBER not in text and NEW_MY_NUMBER[-4:] not in text


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        (f"代理 {NEW_MY_NUMBER}", "マイナンバー（個人番号）と思われる12桁の番号"),
        ("小金井\u202e太郎", "見えない書式文字"),
        ("小金井\t太郎", "制御文字"),
        ("小" * 121, "120文字以内で入力してください"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_prefilled_forms_applicant_name_passes_the_free_text_guard_or_no_pdf_is_made(clerk, method, typed, says):
    """A My Number, a control or invisible character, too long: said on the form, not printed."""
    card = make_card(make_resident())
    url = f"/staff/cards/{card.pk}/do/card-info-change/form.pdf"
    response = getattr(clerk, method)(url, {"applicant_type": "household-member", "applicant_name": typed})
    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "記入済みの申請書は作成しませんでした" in page and "届出人の氏名（本人以外）：" in page and says in page
    assert typed not in page and NEW_MY_NUMBER not in page  # the refused value is not given back
    assert f'action="/staff/cards/{card.pk}/do/card-info-change/"' in page  # the form still does the procedure


def test_the_prefilled_form_refuses_an_action_text_field_with_a_my_number_too(clerk):
    card = make_card(make_resident())
    form = {"applicant_type": "self", "change": "address", "address": f"緑町{NEW_MY_NUMBER}"}
    response = clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf", form)
    assert response.status_code == 422 and NEW_MY_NUMBER not in response.content.decode()


def test_the_prefilled_form_prints_a_proxys_plain_name(clerk):
    card = make_card(make_resident())
    form = {"applicant_type": "household-member", "applicant_name": "小金井 次郎"}
    assert "小金井 次郎" in pdf_text(clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/form.pdf", form))


# --- a 控え for every case -------------------------------------------------------
def test_a_free_case_has_its_copy(clerk):
    resident = make_resident()
    card = make_card(resident)
    form = {"change": "address", "address": NEW_ADDRESS, "documents": ["my-number-card", "id-document", "resident-register-pin"]}
    done = clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/", form)
    assert done.status_code == 302, done.content.decode()[-2000:]
    case = resident.cases.get()
    assert case.fee_total == 0 and not hasattr(case, "receipt")
    assert done["Location"] == f"/staff/residents/{resident.pk}/?case={case.pk}"
    page = clerk.get(done["Location"]).content.decode()
    assert page.index(f"/staff/cases/{case.pk}/copy.pdf") < page.index("<table")  # to print, above the record
    text = pdf_text(clerk.get(f"/staff/cases/{case.pk}/copy.pdf"))
    for expected in ("手続の控え", "券面記載事項の変更", "小金井 花子", "該当者のマイナンバーカード", "無料"):
        assert expected in text, expected
    assert AuditEntry.objects.filter(action="read", subject_type="case", subject_id=str(case.pk)).exists()


def test_a_paid_cases_copy_names_its_receipt(clerk):
    resident = make_resident()
    card = make_card(resident, status="suspended", lost=True)
    form = {"applicant_type": "self", "procedure": "reissue-after-loss", "with_certificates": "on", "documents": ["id-document", "application-form"]}
    done = clerk.post(f"/staff/cards/{card.pk}/do/apply-reissue/", form)
    case = resident.cases.get()
    page = clerk.get(done["Location"]).content.decode()
    assert f"/staff/cases/{case.pk}/copy.pdf" in page and f"/staff/cases/{case.pk}/receipt.pdf" in page
    text = pdf_text(clerk.get(f"/staff/cases/{case.pk}/copy.pdf"))
    assert "1,000円" in text and case.receipt.number in text


def test_no_copy_of_a_case_that_does_not_exist(clerk):
    assert clerk.get("/staff/cases/999999/copy.pdf").status_code == 404


def test_the_form_records_the_office_and_the_session_keeps_it(clerk):
    resident = make_resident()
    card = make_card(resident)
    page = clerk.get(f"/staff/cards/{card.pk}/do/card-info-change/").content.decode()
    assert '<input type="hidden" name="office" value="citizen-division">' in page  # one office: no choice to make
    form = {"change": "address", "address": NEW_ADDRESS, "office": "citizen-division",
            "documents": ["my-number-card", "id-document", "resident-register-pin"]}  # fmt: skip
    assert clerk.post(f"/staff/cards/{card.pk}/do/card-info-change/", form).status_code == 302
    assert resident.cases.get().office_id == "citizen-division" and clerk.session["counter.office"] == "citizen-division"
