"""The page cache: a guide page is rendered once per URL, time bucket and
render version, and never served for another day, language or data."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import Client

from madoguchi.core import clock
from madoguchi.guide import interview_views
from madoguchi.web import page_cache

LOST = {"situation": "lost", "lost_where": "outside", "lost_found": "not-found",
        "urgent": "not-urgent", "licence": "not-on-card", "age": "adult", "applicant": "self"}
QUERY = "?" + urlencode(LOST)
JST = clock.TOKYO


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Each real render of the outcome page, by language."""
    seen: list[str] = []
    real = interview_views.outcome_context

    def counting(request, lang):
        seen.append(lang)
        return real(request, lang)

    monkeypatch.setattr(interview_views, "outcome_context", counting)
    return seen


def get(path: str, at: str, **headers):
    with clock.pinned(datetime.fromisoformat(at)):
        return Client().get(path, headers=headers)


def test_the_second_visitor_gets_the_page_without_a_render(renders):
    first = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    second = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:01+09:00")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert renders == ["ja"]


def test_another_language_is_rendered_for_itself(renders):
    ja = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    en = get("/en/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    assert renders == ["ja", "en"]
    assert "紛失後の再交付" in ja.content.decode()
    assert "紛失後の再交付" not in en.content.decode()


def test_another_day_is_rendered_for_that_day(renders):
    friday = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00").content.decode()
    saturday = get("/ja/guide/outcome/" + QUERY, "2026-11-21T10:00+09:00").content.decode()
    assert renders == ["ja", "ja"]
    assert friday != saturday


def test_the_bucket_ends_on_its_boundary(renders, settings):
    settings.MADOGUCHI_PAGE_CACHE_MINUTES = 15
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T17:00+09:00")
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T17:14:59+09:00")
    assert renders == ["ja"]
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T17:15+09:00")  # closing time: a new render
    assert renders == ["ja", "ja"]


def test_new_data_or_code_is_never_served_the_old_page(renders, monkeypatch):
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    monkeypatch.setattr(page_cache, "render_version", lambda city: "another-version")
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    assert renders == ["ja", "ja"]


def test_the_render_version_follows_the_data_files(tmp_path):
    city = tmp_path / "city"
    city.mkdir()
    (city / "city.yaml").write_text("name: one\n", encoding="utf-8")
    before = page_cache.render_version(str(city))
    page_cache.render_version.cache_clear()
    (city / "city.yaml").write_text("name: two\n", encoding="utf-8")
    assert page_cache.render_version(str(city)) != before


def test_a_question_still_to_ask_is_not_kept(renders):
    partial = "/ja/guide/outcome/?" + urlencode({"situation": "lost"})
    for _ in range(2):
        assert get(partial, "2026-11-20T10:00+09:00").status_code == 302
    assert renders == ["ja", "ja"]


def test_an_etag_answers_a_repeat_with_304_and_the_cache_lasts_to_the_bucket_end(settings):
    settings.MADOGUCHI_PAGE_CACHE_MINUTES = 5
    first = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:02+09:00")
    assert first["Cache-Control"] == "public, max-age=180"
    assert first["Expires"] == "Fri, 20 Nov 2026 01:05:00 GMT"
    again = get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:03+09:00", if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_checklist_pdf_keeps_its_attachment_header(renders, monkeypatch):
    from madoguchi.guide import keep_views

    monkeypatch.setattr(keep_views, "outcome_context", interview_views.outcome_context)  # the counting one
    for _ in range(2):
        response = get("/ja/guide/checklist.pdf" + QUERY, "2026-11-20T10:00+09:00")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="madoguchi-checklist.pdf"'
    assert renders == ["ja"]


def test_the_shared_tier_serves_a_process_that_has_not_rendered_it(renders):
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    caches[page_cache.LOCAL_TIER].clear()  # as if another worker process
    assert get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00").status_code == 200
    assert renders == ["ja"]


def test_turned_off_every_visit_renders(renders, settings):
    settings.MADOGUCHI_PAGE_CACHE = False
    for _ in range(2):
        get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    assert renders == ["ja", "ja"]


@pytest.mark.parametrize(
    ("moment", "minutes", "start", "end"),
    [
        ("2026-11-20T10:02:30+09:00", 5, "10:00", "10:05"),
        ("2026-11-20T17:14:59+09:00", 15, "17:00", "17:15"),
        ("2026-11-20T17:15:00+09:00", 15, "17:15", "17:30"),
        ("2026-11-20T23:59:00+09:00", 60, "23:00", "00:00"),  # never past midnight: the day changes
        ("2026-11-20T01:00:00+00:00", 5, "10:00", "10:05"),  # in Tokyo time
    ],
)
def test_buckets(settings, moment, minutes, start, end):
    settings.MADOGUCHI_PAGE_CACHE_MINUTES = minutes
    begins, ends = page_cache.bucket(datetime.fromisoformat(moment))
    assert (begins.strftime("%H:%M"), ends.strftime("%H:%M")) == (start, end)
    assert begins.tzinfo is not None and ends > begins


@pytest.mark.django_db
def test_a_new_staff_opening_is_never_served_the_old_page(renders):
    from datetime import date, time

    from madoguchi.audit.services import Actor
    from madoguchi.forecast.openings import add_opening

    get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    with clock.pinned(datetime.fromisoformat("2026-11-20T10:00+09:00")):
        add_opening(Actor("suzuki", "supervisor"), "citizen-division", date(2026, 11, 28), time(9), time(12), ["reissue-after-loss"], "更新の集中")
    get("/ja/guide/outcome/" + QUERY, "2026-11-20T10:00+09:00")
    assert renders == ["ja", "ja"]
