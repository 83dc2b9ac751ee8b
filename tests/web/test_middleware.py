"""A NUL in a query string or form is refused with a clear 400 on every page, before any view."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ja/search/?q=%00", "/staff/audit/?who=a%00b", "/ja/guide/q/situation/?situation=lost%00"])
def test_a_nul_in_the_query_string_is_a_400_in_both_languages(client, url):
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "入力に使えない文字があります" in html and "plain text" in html


@pytest.mark.django_db
def test_a_nul_in_a_form_is_a_400(client):
    response = client.post("/ja/book/card-pickup/", {"notice_number": "KG\x00", "birth_date": "1990-01-01"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_ordinary_pages_pass(client):
    assert client.get("/ja/search/?q=なくした").status_code == 200

