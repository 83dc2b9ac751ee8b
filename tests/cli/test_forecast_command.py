"""`madoguchi forecast`: rows as JSON, the chart as PNG or SVG, and bad input
as one line with exit 2 and nothing on stdout."""

from __future__ import annotations

import json
from datetime import date

import pytest

from madoguchi.cli.main import main
from madoguchi.core.city import municipality
from madoguchi.rules.validity import card_validity
from tests.forecast.conftest import add_card

KEYS = {"period", "office", "procedure", "expected_visits", "minutes_needed", "minutes_available", "seats", "over_capacity"}


@pytest.fixture
def register(db, now):
    rules = municipality().validity
    for n in range(30):  # certificates whose window opens on 6 February 2027
        add_card(n, date(1980, 5, 5), date(2022, 6, 1), card_validity(rules, date(1980, 5, 5), date(2022, 6, 1)))


@pytest.fixture
def now():
    from datetime import datetime

    from madoguchi.core import clock

    with clock.pinned(datetime(2026, 12, 1, 10, 0, tzinfo=clock.TOKYO)):
        yield


def test_json_rows_per_week_office_and_procedure(register, capsys):
    argv = ["forecast", "--from", "2027-02-01", "--to", "2027-02-28", "--procedure", "certificate-renewal", "--json"]
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(r)) for r in rows} == {tuple(sorted(KEYS))}
    assert [r["period"] for r in rows] == ["2027-W05", "2027-W06", "2027-W07", "2027-W08"]  # 28 Feb 2027 is a Sunday
    week5 = rows[0]
    assert week5["expected_visits"] == 27.0 and week5["minutes_needed"] == 27 * 25  # 90% of 30, 25 minutes each
    assert rows[1]["expected_visits"] == 0 and rows[1]["minutes_available"] > 0


def test_by_day_marks_the_day_over_capacity(register, capsys):
    assert main(["forecast", "--from", "2027-02-05", "--to", "2027-02-08", "--by", "day", "--procedure", "certificate-renewal", "--json"]) == 0
    rows = {r["period"]: r for r in json.loads(capsys.readouterr().out)}
    # 6 February 2027 is a Saturday: the counter is closed, so every minute needed is over capacity.
    assert rows["2027-02-06"]["minutes_available"] == 0 and rows["2027-02-06"]["over_capacity"] is True
    assert rows["2027-02-05"]["over_capacity"] is False


def test_paced_letters_send_every_cohort_within_capacity(register, capsys):
    assert main(["forecast", "--from", "2027-02-01", "--to", "2027-02-28", "--paced"]) == 0
    plan = json.loads(capsys.readouterr().out)
    sent = [sum(w["letters"].values()) for w in plan]
    assert sum(sent) == 30 and all(w["letters"] in ({}, {"2027-02-01": n}) for w, n in zip(plan, sent))
    assert all(w["expected_visits"] <= w["capacity_visits"] + 1e-9 or w["short_visits"] > 0 for w in plan)
    assert all(w["short_clerk_hours"] == pytest.approx(w["short_visits"] * 25 / 60, abs=0.1) for w in plan)  # 25 minutes each


@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_the_chart_is_written(register, tmp_path, capsys, suffix, magic):
    out = tmp_path / f"wave.{suffix}"
    assert main(["forecast", "--from", "2027-01-01", "--to", "2027-06-30", "--chart", str(out)]) == 0
    assert out.read_bytes().startswith(magic) and str(out) in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--from", "2027-02-30", "--to", "2027-03-01"], "not a real date"),
        (["--from", "2027-03-01", "--to", "2027-02-01"], "after it ends"),
        (["--from", "2027-01-01", "--to", "2028-12-31"], "at most 18 months"),
        (["--from", "2027-01-01", "--to", "2027-02-01", "--by", "month"], "invalid choice"),
        (["--from", "2027-01-01", "--to", "2027-02-01", "--chart", "x.pdf"], ".png or .svg"),
        (["--from", "2027-01-01", "--to", "2027-02-01", "--office", "nowhere"], "no office 'nowhere'"),
        (["--from", "2027-01-01", "--to", "2027-02-01", "--paced", "--office", "nowhere"], "no office 'nowhere'"),
        (["--from", "2027-01-01", "--to", "2027-02-01", "--procedure", "nothing"], "no counter procedure"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db, capsys, monkeypatch, argv, says):
    monkeypatch.setenv("MADOGUCHI_LANG", "en")
    code = main(["forecast", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err


@pytest.fixture
def other_city(tmp_path, settings):
    """A second city folder: the first city's data with its own id and office id."""
    import shutil

    from madoguchi.rules.loader import DATA_ROOT, load_municipality

    settings.MADOGUCHI_CITY = settings.MADOGUCHI_CITY  # the fixture restores what a command sets
    folder = tmp_path / "othercity"
    shutil.copytree(DATA_ROOT / settings.MADOGUCHI_CITY, folder)
    for name, old, new in [
        ("city.yaml", f"\nid: {settings.MADOGUCHI_CITY}\n", "\nid: othercity\n"),
        ("city.yaml", "offices:\n  - id: citizen-division", "offices:\n  - id: east-branch"),
        ("queue.yaml", "office: citizen-division", "office: east-branch"),
    ]:
        path = folder / name
        assert old in path.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    load_municipality.cache_clear()
    yield str(folder)
    load_municipality.cache_clear()


def test_forecast_answers_for_the_city_given(register, other_city, capsys):
    argv = ["--city", other_city, "forecast", "--from", "2027-02-01", "--to", "2027-02-07", "--procedure", "certificate-renewal", "--json"]
    assert main(argv) == 0
    assert {r["office"] for r in json.loads(capsys.readouterr().out)} == {"east-branch"}


def test_the_notice_batch_runs_for_the_city_given(db, now, other_city, monkeypatch, capsys):
    from madoguchi.notices.services import batch

    seen = []
    real = batch.run_batch

    def run_batch(day, **kwargs):
        seen.append(municipality().city.id)
        return real(day, **kwargs)

    monkeypatch.setattr(batch, "run_batch", run_batch)
    assert main(["--city", other_city, "notices", "run", "--dry-run", "--date", "2026-12-01"]) == 0
    assert seen == ["othercity"]
