"""The staff screen of a day's notices: list, reprint, CSV, returned letters — audited."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from madoguchi.audit.models import AuditEntry
from madoguchi.notices.models import Notice
from madoguchi.notices.services.batch import run_batch
from tests.staff.conftest import clerk_client, make_staff  # noqa: F401 - fixtures

DAY = date(2027, 4, 8)


@pytest.fixture
def day_of_letters(make_card):
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="小金 一郎")
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name="小金 二郎")
    run_batch(DAY)
    return list(Notice.objects.order_by("id"))


@pytest.mark.django_db
def test_the_day_lists_each_notice_with_its_state(clerk_client, day_of_letters):
    html = clerk_client.get("/staff/notices/?date=2027-04-08").content.decode()
    assert "小金 一郎" in html and "小金 二郎" in html and "電子証明書の更新のご案内" in html
    assert AuditEntry.objects.filter(action="read", subject_type="notice-day", subject_id="2027-04-08").exists()


@pytest.mark.django_db
def test_a_bad_date_says_how_to_write_it(clerk_client):
    html = clerk_client.get("/staff/notices/?date=2027-02-30").content.decode()
    assert "YYYY-MM-DD" in html


@pytest.mark.django_db
def test_reprint_and_csv(clerk_client, day_of_letters):
    first = day_of_letters[0]
    pdf = clerk_client.get(f"/staff/notices/{first.id}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "小金 一郎" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    day_pdf = PdfReader(io.BytesIO(clerk_client.get("/staff/notices/letters.pdf?date=2027-04-08").content))
    assert len(day_pdf.pages) == 2
    csv_text = clerk_client.get("/staff/notices/letters.csv?date=2027-04-08").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("notice_id,kind,due_on")
    assert AuditEntry.objects.filter(action="reprint", subject_id=str(first.id)).exists()


@pytest.mark.django_db
def test_a_returned_letter_is_recorded(clerk_client, day_of_letters):
    first = day_of_letters[0]
    assert clerk_client.get(f"/staff/notices/{first.id}/undeliverable").status_code == 405
    response = clerk_client.post(f"/staff/notices/{first.id}/undeliverable")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == Notice.State.UNDELIVERABLE


@pytest.mark.django_db
def test_the_screen_needs_a_staff_login(client, day_of_letters):
    response = client.get("/staff/notices/?date=2027-04-08")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
