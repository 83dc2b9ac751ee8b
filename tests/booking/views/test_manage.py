"""The secret link's pages: cancel and change each asked once and confirmed
after; the main action is the calendar, not cancel; "send my link again"."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.core.date_text import span_text
from madoguchi.audit.models import AuditEntry
from madoguchi.booking.models import Booking, Slot, WaitingEntry
from madoguchi.notices.models import Notice

from ..conftest import OPEN_DAY, PROCEDURE

pytestmark = pytest.mark.django_db
DETAILS = {"name": "小金井 太郎", "name_kana": "コガネイ タロウ", "email": "taro@example.jp", "phone": "", "party_size": "1"}


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def manage_url(client, slot) -> str:
    return client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS)["Location"].split("?")[0]


def test_the_main_action_is_the_calendar_and_cancel_is_a_secondary_link(client, manage_url):
    html = client.get(manage_url + "?new=1").content.decode()
    assert f'<a class="button" href="{manage_url}booking.ics" download>' in html
    assert "確認のメールをお送りします" in html
    assert f'<a class="cancel-link" href="{manage_url}cancel/">' in html
    assert 'method="post"' not in html  # nothing on this page changes the booking at one press


def test_cancel_asks_once_with_the_bookings_details_then_says_it_is_done(client, manage_url):
    booking = Booking.objects.get()
    html = client.get(manage_url + "cancel/").content.decode()
    assert "予約を取り消しますか？" in html and booking.reference in html and "元に戻すことはできません" in html
    assert Booking.objects.get().status == "confirmed"  # asking changed nothing
    response = client.post(manage_url + "cancel/")
    assert response["Location"] == manage_url + "?done=cancelled"
    assert Booking.objects.get().status == "cancelled"
    html = client.get(response["Location"]).content.decode()
    assert "予約を取り消しました" in html and f'href="/ja/book/{PROCEDURE}/"' in html  # book again
    # Once cancelled, the confirmation step sends back to the booking's page.
    assert client.get(manage_url + "cancel/")["Location"] == manage_url


def test_change_asks_once_with_the_new_time_then_says_it_is_done(client, manage_url, slot):
    other = Slot.objects.filter(procedure_id=PROCEDURE, date=OPEN_DAY).exclude(pk=slot.pk).order_by("start").last()
    html = client.get(manage_url + f"change/?slot={other.pk}").content.decode()
    assert "予約の日時を変更しますか？" in html and span_text(other.start, other.end, "ja", readings=False) in html
    assert Booking.objects.get().slot_id == slot.pk  # asking changed nothing
    response = client.post(manage_url + "change/", {"slot_id": other.pk})
    assert response["Location"] == manage_url + "?done=changed"
    html = client.get(response["Location"]).content.decode()
    assert "予約を変更しました" in html and span_text(other.start, other.end, "ja", readings=False) in html
    assert list(Notice.objects.order_by("id").values_list("kind", flat=True)) == ["booking-made", "booking-changed"]


def test_a_bad_slot_on_the_change_step_says_so_and_changes_nothing(client, manage_url, slot):
    html = client.get(manage_url + "change/?slot=999999").content.decode()
    assert "選んだ予約枠が見つかりません" in html and Booking.objects.get().slot_id == slot.pk


def test_leaving_the_waiting_list_asks_once(client, slot):
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    manage_url = client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/wait/", DETAILS)["Location"]
    assert "キャンセル待ちをやめますか？" in client.get(manage_url + "leave/").content.decode()
    assert WaitingEntry.objects.get().status == "waiting"
    client.post(manage_url + "leave/")
    assert WaitingEntry.objects.get().status == "left"


@pytest.mark.parametrize(
    ("lang", "says", "not_said"),
    [
        ("ja", "キャンセル待ちの順番の確認と取消", "予約の変更・取消"),
        ("en", "shows your place on the waiting list and lets you leave it", "change or cancel the booking"),
        ("easy", "<ruby>順番<rt>じゅんばん</rt></ruby>を", "<ruby>変<rt>か</rt></ruby>えたり"),
    ],
)
def test_the_waiting_list_page_says_its_link_shows_the_place_and_leaves_it_not_a_booking(client, slot, lang, says, not_said):
    """A place on the waiting list is not a booking: its page offers the place in line and "leave", no change."""
    Slot.objects.filter(pk=slot.pk).update(capacity=1, booked=1)
    manage_url = client.post(f"/{lang}/book/{PROCEDURE}/slot/{slot.pk}/wait/", DETAILS)["Location"]
    html = client.get(manage_url).content.decode()
    assert says in html and not_said not in html
    assert f"{manage_url}leave/" in html and "change/" not in html
    client.post(manage_url + "leave/")
    assert says not in client.get(manage_url).content.decode()  # once left, the link no longer offers leaving


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_the_steps_speak_the_residents_language(client, slot, lang):
    manage_url = client.post(f"/{lang}/book/{PROCEDURE}/slot/{slot.pk}/", DETAILS)["Location"].split("?")[0]
    html = client.get(manage_url + "cancel/").content.decode()
    expected = {"en": "Cancel this booking?", "easy": "<ruby>予約<rt>よやく</rt></ruby>を"}[lang]
    assert expected in html and "《" not in html


# --- "send my link again" ---

RESEND = "/ja/book/link/"
SAME_ANSWER = "入力された予約番号と連絡先が予約と一致した場合は"


def _ask(client, reference: str, contact: str, **headers):
    response = client.post(RESEND, {"reference": reference, "contact": contact}, **headers)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response


def test_the_answer_is_the_same_whether_or_not_it_matches(client, manage_url):
    booking = Booking.objects.get()
    typed = booking.reference.lower().replace("-", "")  # any case, no hyphen
    matched = _ask(client, typed, "TARO@example.jp")
    unmatched = _ask(client, booking.reference, "someone@example.jp")
    unknown = _ask(client, "ZZZZ-ZZZZ", "taro@example.jp")
    pages = {r.content.decode() for r in (matched, unmatched, unknown)}
    assert {r.status_code for r in (matched, unmatched, unknown)} == {200}
    assert len(pages) == 1 and SAME_ANSWER in pages.pop()
    links = Notice.objects.filter(kind="booking-link")
    assert [n.subject_id for n in links] == [str(booking.pk)]  # only the match is mailed
    assert AuditEntry.objects.filter(action="request-link").count() == 3


def test_a_reference_in_full_width_and_a_phone_number_match():
    from madoguchi.booking.services.tokens import normalize_reference

    assert normalize_reference("ａｂｃｄ－２３４５") == "ABCD-2345"
    assert normalize_reference(" abcd2345 ") == "ABCD-2345"


def test_a_phone_number_typed_any_way_matches(client, slot):
    client.post(f"/ja/book/{PROCEDURE}/slot/{slot.pk}/", {**DETAILS, "phone": "042-387-9830"})
    booking = Booking.objects.get()
    _ask(client, booking.reference, "０４２３８７９８３０")
    assert Notice.objects.filter(kind="booking-link").count() == 1


def test_an_empty_field_is_named_and_nothing_is_sent(client, manage_url):
    html = _ask(client, "", "taro@example.jp").content.decode()
    assert "予約番号を入力してください" in html and 'href="#f-reference"' in html
    assert not Notice.objects.filter(kind="booking-link").exists()


def test_requests_are_limited_per_client_and_per_reference(client, manage_url, settings):
    settings.BOOKING_LINK_REQUESTS = 2
    booking = Booking.objects.get()
    for _ in range(2):
        assert _ask(client, "ZZZZ-ZZZZ", "x@example.jp").status_code == 200
    limited = _ask(client, booking.reference, "taro@example.jp")  # this client is limited, match or not
    assert limited.status_code == 429 and "しばらく受け付けられません" in limited.content.decode()
    assert limited["Retry-After"]
    # Per reference: other clients (addresses) cannot keep trying one reference either.
    for n in range(2):
        _ask(Client(), booking.reference, "x@example.jp", REMOTE_ADDR=f"192.0.2.{n + 10}")
    assert _ask(Client(), booking.reference, "taro@example.jp", REMOTE_ADDR="192.0.2.99").status_code == 429
    assert not Notice.objects.filter(kind="booking-link").exists()


def test_a_lost_link_page_points_to_the_resend_form(client, db):
    assert RESEND in client.get("/ja/book/manage/not-a-token/").content.decode()
