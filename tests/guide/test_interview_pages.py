"""The interview pages: one question a page, answers in the URL, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import LOST_OUTSIDE


def test_start_links_the_first_question(client):
    html = client.get("/ja/guide/").content.decode()
    assert 'href="/ja/guide/q/situation/"' in html


def test_a_question_is_a_get_form_with_radios(client):
    html = client.get("/en/guide/q/lost_where/?situation=lost").content.decode()
    assert 'method="get"' in html and 'action="/en/guide/next/"' in html
    assert html.count('type="radio"') == 3
    assert 'name="situation" value="lost"' in html  # earlier answers ride along


def test_next_goes_to_the_following_question(client):
    response = client.get("/ja/guide/next/?from=situation&situation=lost")
    assert response.status_code == 302 and response["Location"] == "/ja/guide/q/lost_where/?situation=lost"


def test_last_answer_leads_to_the_outcome(client):
    response = client.get("/ja/guide/next/?" + urlencode({**LOST_OUTSIDE, "from": "applicant"}))
    assert response["Location"].startswith("/ja/guide/outcome/?situation=lost")


def test_back_link_keeps_later_answers(client):
    html = client.get("/ja/guide/q/lost_found/?" + urlencode(LOST_OUTSIDE)).content.decode()
    back = html.split('class="back" href="')[1].split('"')[0]
    assert back.startswith("/ja/guide/q/lost_where/?") and "applicant=self" in back
    assert 'value="not-found" checked' in html  # the earlier answer is shown chosen


def test_going_forward_again_keeps_later_answers(client):
    response = client.get("/ja/guide/next/?" + urlencode({**LOST_OUTSIDE, "from": "lost_where"}))
    assert response["Location"].startswith("/ja/guide/q/lost_found/?") and "urgent=not-urgent" in response["Location"]


@pytest.mark.parametrize("lang, words", [("ja", "選択肢から1つ選んでください"), ("en", "Choose one of the options"), ("easy", "1つ <ruby>選<rt>えら</rt></ruby>んで ください")])
def test_no_answer_chosen_asks_again_in_the_users_language(client, lang, words):
    response = client.get(f"/{lang}/guide/next/?from=situation")
    assert response.status_code == 400
    assert words in response.content.decode() and 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("url", ["/ja/guide/outcome/?situation=to-the-moon", "/ja/guide/next/?from=situation&situation=to-the-moon"])
def test_unknown_answer_is_explained_with_a_way_back(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 400
    assert "to-the-moon" in html and "選択肢にありません" in html
    assert 'href="/ja/guide/q/situation/"' in html


def test_missing_answer_on_the_outcome_asks_for_it(client):
    response = client.get("/en/guide/outcome/?situation=leaked")
    assert response.status_code == 302 and response["Location"] == "/en/guide/q/licence/?situation=leaked"


def test_unknown_question_starts_over(client):
    assert client.get("/ja/guide/q/nonsense/")["Location"] == "/ja/guide/q/situation/"
    assert client.get("/ja/guide/next/?from=nonsense")["Location"] == "/ja/guide/q/situation/"


def test_age_options_come_from_the_validity_rules(client):
    html = client.get("/ja/guide/q/age/?situation=moved&moved=into-city").content.decode()
    assert "15歳未満" in html and "15歳以上18歳未満" in html and "18歳以上" in html


def test_the_age_question_says_an_age_is_reached_the_day_before_the_birthday(client):
    # 年齢計算ニ関スル法律 (FACTS.md §8), Koganei's reading (age_reckoning: day_before).
    html = client.get("/ja/guide/q/age/?situation=moved&moved=into-city").content.decode()
    assert "誕生日の前日に1つ上がります" in html
    html = client.get("/en/guide/q/age/?situation=moved&moved=into-city").content.decode()
    assert "from the day before their birthday" in html


QUESTION_IDS = ["situation", "moved", "lost_where", "lost_found", "urgent", "return_case", "pin_which",
                "pin_state", "pin_other", "certificate_state", "smartphone_state", "abroad_state", "licence", "age", "applicant"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.dictionaries(st.sampled_from(QUESTION_IDS), st.one_of(st.sampled_from(["lost", "self", "adult", "home"]), st.text(max_size=12)), max_size=6),
    page=st.sampled_from(["outcome/", "q/age/", "q/situation/", "checklist.pdf", "visit.ics"]),
)
def test_any_query_string_gets_an_answer_never_a_500(client, answers, page):
    response = client.get(f"/ja/guide/{page}?" + urlencode(answers))
    assert response.status_code in (200, 302, 400)


def test_a_question_off_the_route_goes_where_the_route_is(client):
    # "moved" is not asked of someone who lost a card
    response = client.get("/ja/guide/q/moved/?" + urlencode(LOST_OUTSIDE))
    assert response["Location"].startswith("/ja/guide/outcome/?")
    response = client.get("/ja/guide/q/moved/?situation=lost")
    assert response["Location"] == "/ja/guide/q/lost_where/?situation=lost"


def test_a_bad_value_for_the_question_shown_is_simply_asked_again(client):
    response = client.get("/ja/guide/q/lost_where/?situation=lost&lost_where=on-mars")
    assert response.status_code == 200 and "checked" not in response.content.decode()
