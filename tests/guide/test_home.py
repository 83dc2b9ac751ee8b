"""The home page and the re-issue page for a resident in trouble: a lost card first."""

from __future__ import annotations

import pytest

from madoguchi.core.city import municipality


def _suspension_lines():
    return municipality().contacts_for_procedure("suspend-lost-card")


@pytest.mark.parametrize("lang, title", [("ja", "カードをなくしたとき"), ("en", "Lost your card?"), ("easy", "カードをなくしたとき")])
def test_the_home_pages_first_item_is_the_lost_card_with_the_24_hour_lines(client, lang, title):
    html = client.get(f"/{lang}/").content.decode()
    main = html.split("<main")[1]
    first_section = main.split("<section")[1].split("</section>")[0]
    assert title in first_section
    lines = _suspension_lines()
    toll_free = next(c for c in lines if c.phone)
    assert f'href="tel:{toll_free.phone}"' in first_section  # the number from city.yaml, not written in a template
    assert all((c.phone or c.fax) in first_section for c in lines)  # the fax line for deaf callers too
    assert main.index(title) < main.index("procedure-list")


def test_the_home_page_groups_every_procedure_once_after_the_lost_card(client):
    html = client.get("/ja/").content.decode()
    catalog = municipality().catalog
    headings = [g.name.ja for g in catalog.groups]
    positions = [html.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions) and headings[0].startswith("カードやスマートフォンをなくした")
    for p in catalog.all():
        assert html.count(f'href="/ja/procedures/{p.id}/"') == (2 if p.id == "suspend-lost-card" else 1), p.id


def test_the_search_page_ranks_the_suspension_first(client):
    for q in ("カード なくした", "紛失", "lost card"):
        html = client.get("/ja/search/", {"q": q}).content.decode()
        results = html.split("<main")[1]
        assert results.index("/ja/procedures/suspend-lost-card/") < results.index("/ja/procedures/reissue-after-loss/"), q


def test_the_reissue_after_loss_page_says_to_suspend_first_with_the_number(client):
    html = client.get("/ja/procedures/reissue-after-loss/").content.decode()
    main = html.split("<main")[1]
    toll_free = next(c for c in _suspension_lines() if c.phone)
    first = main.index("先に「紛失・盗難時の一時停止」をしてください")
    # Before anything else the page says: what to bring, the fee, the days.
    assert first < main.index(toll_free.phone) < main.index('id="h-warnings"') < main.index('id="h-who"')
