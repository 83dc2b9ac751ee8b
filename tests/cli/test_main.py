"""The `madoguchi` command: exact JSON keys, human output, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from madoguchi.cli.main import main
from tests.facts import ADDED_PROCEDURE_IDS, FACTS_PROCEDURE_IDS

FACTS_PROCEDURES = set(FACTS_PROCEDURE_IDS)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_procedures_json_lists_every_procedure_of_the_facts(capsys):
    code, out, err = run(capsys, "procedures", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert {r["id"] for r in rows} == FACTS_PROCEDURES | set(ADDED_PROCEDURE_IDS)
    for r in rows:
        assert set(r) == {"id", "name_ja", "name_en", "channels", "fee_yen"}
        assert set(r["channels"]) <= {"counter", "phone", "kiosk", "online"}
    assert next(r for r in rows if r["id"] == "suspend-lost-card")["channels"] == ["phone"]


def test_procedure_json_has_exactly_the_documented_keys(capsys):
    code, out, _ = run(capsys, "procedure", "reissue-after-loss", "--on", "2025-01-10", "--json")
    assert code == 0
    d = json.loads(out)
    assert set(d) == {
        "id", "name_ja", "name_en", "channels", "fee_yen", "fee_breakdown",
        "processing", "requirements", "sources", "notes_ja",
    }  # fmt: skip
    assert d["fee_yen"] == 1000
    assert d["fee_breakdown"] == [{"item": "card", "yen": 800}, {"item": "certificates", "yen": 200}]
    assert all(set(r) == {"id", "label_ja", "label_en"} for r in d["requirements"])
    assert all(s.startswith("https://") for s in d["sources"])
    assert any("返却" in n for n in d["notes_ja"])


def test_each_procedure_has_sources_on_any_date(capsys):
    for pid in sorted(FACTS_PROCEDURES):
        code, out, err = run(capsys, "procedure", pid, "--on", "2026-11-26", "--json")
        assert code == 0, err
        assert json.loads(out)["sources"], pid


def test_requirements_follow_the_applicant(capsys):
    _, out, _ = run(capsys, "procedure", "card-return", "--applicant", "voluntary-proxy", "--json")
    ids = [r["id"] for r in json.loads(out)["requirements"]]
    assert "power-of-attorney" in ids
    _, out, _ = run(capsys, "procedure", "card-return", "--applicant", "legal-representative", "--json")
    ids = [r["id"] for r in json.loads(out)["requirements"]]
    assert "legal-representative-proof" in ids and "power-of-attorney" not in ids


def test_express_issue_is_dated(capsys):
    code, out, err = run(capsys, "procedure", "express-issue", "--on", "2024-12-01", "--json")
    assert code == 2 and out == "" and "2024-12-02" in err
    code, out, _ = run(capsys, "procedure", "express-issue", "--on", "2024-12-02", "--json")
    assert code == 0 and json.loads(out)["fee_yen"] == 2000


def test_calendar_json_lists_every_reason(capsys):
    code, out, _ = run(
        capsys, "calendar", "--procedure", "my-number-change", "--from", "2026-11-21", "--to", "2026-11-24", "--json"
    )
    assert code == 0
    days = json.loads(out)
    assert [set(d) for d in days] == [{"date", "open", "hours", "closed_reasons"}] * 4
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-11-21"]["closed_reasons"] == ["office_closed", "procedure_restriction"]
    assert by_date["2026-11-22"]["closed_reasons"] == ["jlis_maintenance", "procedure_restriction"]
    assert by_date["2026-11-23"]["closed_reasons"] == ["national_holiday"]
    assert by_date["2026-11-24"] == {"date": "2026-11-24", "open": True, "hours": [["08:30", "17:00"]], "closed_reasons": []}


def test_phone_suspension_is_open_around_the_clock(capsys):
    _, out, _ = run(capsys, "calendar", "--procedure", "suspend-lost-card", "--from", "2026-11-22", "--to", "2026-11-22", "--json")
    assert json.loads(out) == [{"date": "2026-11-22", "open": True, "hours": [["00:00", "24:00"]], "closed_reasons": []}]


def test_validity_json_worked_example(capsys):
    code, out, _ = run(capsys, "validity", "--birth-date", "1990-06-15", "--issued", "2020-03-10", "--json")
    assert code == 0
    assert json.loads(out) == {
        "card_expires": "2029-06-15",
        "user_certificate_expires": "2024-06-15",
        "signature_certificate_expires": "2024-06-15",
        "signature_certificate_note": None,
        "card_renewal_opens": "2029-03-16",
        "certificate_renewal_opens": "2024-03-16",
    }


def test_validity_18_on_the_day_before_the_birthday_gets_the_10_year_card(capsys):
    # 年齢計算ニ関スル法律 (FACTS.md §8): born 2008-06-02, 18 on 2026-06-01.
    code, out, _ = run(capsys, "validity", "--birth-date", "2008-06-02", "--issued", "2026-06-01", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["card_expires"] == "2035-06-02"
    assert d["signature_certificate_expires"] == "2030-06-02"


def test_validity_json_under_15_has_no_signature_certificate(capsys):
    _, out, _ = run(capsys, "validity", "--birth-date", "2015-06-15", "--issued", "2020-03-10", "--json")
    d = json.loads(out)
    assert d["signature_certificate_expires"] is None
    assert "15歳未満" in d["signature_certificate_note"]


def test_validity_period_of_stay_caps_the_card(capsys):
    _, out, _ = run(
        capsys, "validity", "--birth-date", "1990-06-15", "--issued", "2024-04-01", "--period-of-stay-end", "2026-03-31", "--json"
    )
    d = json.loads(out)
    assert d["card_expires"] == "2026-03-31"
    assert d["user_certificate_expires"] == "2026-03-31"


@pytest.mark.parametrize(
    "argv, says",
    [
        (["procedure", "no-such-thing"], "no-such-thing"),
        (["procedure", "card-return", "--on", "2026-02-30"], "2026-02-30"),
        (["procedure", "express-issue", "--applicant", "voluntary-proxy"], "voluntary-proxy"),
        (["calendar", "--procedure", "card-return", "--from", "2026-03-01", "--to", "2026-02-01"], "earlier date first"),
        (["calendar", "--procedure", "card-return", "--from", "2026-01-01", "--to", "2029-01-02"], "3 years"),
        (["calendar", "--procedure", "signature-password-kiosk-reset", "--from", "2026-01-01", "--to", "2026-01-02"], "counter"),
        (["validity", "--birth-date", "2000-01-01", "--issued", "1999-01-01"], "before the birth date"),
        (["validity", "--birth-date", "2000-13-01", "--issued", "2020-01-01"], "2000-13-01"),
        (["calendar", "--procedure", "card-return", "--from", "2026-01-01"], "--to"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys, monkeypatch, argv, says):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("MADOGUCHI_LANG", raising=False)
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and says in err


def test_errors_speak_japanese_to_a_japanese_locale(capsys, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_LANG", "ja_JP.UTF-8")
    code, _, err = run(capsys, "procedure", "no-such-thing")
    assert code == 2 and "手続" in err


def test_installed_console_script_runs():
    done = subprocess.run(
        [sys.executable, "-m", "madoguchi.cli.main", "procedures", "--json"], capture_output=True, text=True, check=True
    )
    assert FACTS_PROCEDURES <= {r["id"] for r in json.loads(done.stdout)}
