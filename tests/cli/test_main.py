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


def test_card_pickup_by_a_voluntary_proxy_lists_the_委任状_and_the_proof_of_the_reason(capsys):
    # 番号法施行令13条3項 (FACTS.md §9): was refused outright.
    code, out, _ = run(capsys, "procedure", "card-pickup", "--applicant", "voluntary-proxy", "--json")
    assert code == 0
    labels = [r["label_ja"] for r in json.loads(out)["requirements"]]
    assert any("委任状" in label for label in labels)
    assert any("来られない理由" in label and "診断書" in label for label in labels)
    assert any("ご本人（カードの持ち主）の本人確認書類" in label for label in labels)


@pytest.mark.parametrize(
    "on, says, never",
    [("2024-09-19", "署名用電子証明書の暗証番号（英数字6文字以上16文字以下）だけです", "数字4桁）を再設定できます"),
     ("2024-09-20", "利用者証明用電子証明書の暗証番号（数字4桁）を再設定できます", "だけです")],
)  # fmt: skip
def test_procedure_on_a_date_answers_the_law_of_that_date(capsys, on, says, never):
    # The kiosk's 4-digit PIN reset (FACTS.md §9), dated in national/rules.yaml and the catalog.
    _, out, _ = run(capsys, "procedure", "signature-password-kiosk-reset", "--on", on, "--json")
    notes = " ".join(json.loads(out)["notes_ja"])
    assert says in notes and never not in notes


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


@pytest.mark.parametrize(
    "argv, says",
    [
        (["procedure", "card-return", "--applicant", "nobody"], "'nobody' は選べません（次から選んでください: 'self'"),
        (["procedure", "card-return", "--on"], "引数 --on: 値を1つ指定してください"),
        (["procedure", "card-return", "--on", "2026-02-30"], "'2026-02-30' は実在する日付ではありません"),
        (["validity", "--birth-date", "2000-13-01", "--issued", "2020-01-01"], "'2000-13-01' は実在する日付ではありません"),
        (["validity", "--birth-date", "2000-01-01"], "次の引数が必要です: --issued"),
        (["no-such-command"], "'no-such-command' は選べません"),
        (["procedures", "--bogus"], "認識できない引数です: --bogus"),
        (["serve", "--port", "eighty"], "'eighty' は int の値として正しくありません"),
        (["procedure", "no-such-thing"], "手続 'no-such-thing' はありません"),
        (["validity", "--birth-date", "2000-01-01", "--issued", "1999-01-01"], "生年月日 2000-01-01 より前です"),
        (["procedure", "express-issue", "--applicant", "voluntary-proxy"], "手続できるのは"),
    ],
)
def test_bad_input_under_a_japanese_lang_is_answered_in_japanese(capsys, monkeypatch, argv, says):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("MADOGUCHI_LANG", raising=False)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and says in err, err
    # argparse's English words are gone; where the usage is explained is kept.
    for english in ("invalid choice", "expected one argument", "required", "unrecognized", "is not a real date", "invalid int"):
        assert english not in err
    if "--help" in err:
        assert "を参照してください" in err


def test_argparse_speaks_english_again_after_a_japanese_parse(capsys, monkeypatch):
    import argparse

    monkeypatch.setenv("MADOGUCHI_LANG", "ja_JP.UTF-8")
    run(capsys, "procedure", "card-return", "--on")
    assert argparse._("expected one argument") == "expected one argument"


def test_the_catalog_translates_argparses_own_templates():
    import argparse
    import inspect

    from madoguchi.cli.language import ARGPARSE_MESSAGES, translate_argparse

    source = inspect.getsource(argparse)
    for msgid in ARGPARSE_MESSAGES:
        # Each template is one argparse really uses, and its English is argparse's own.
        assert repr(msgid)[1:-1] in source or msgid in source, msgid
        assert translate_argparse(msgid, "en") == msgid
        ja = translate_argparse(msgid, "ja")
        assert ja != msgid and sorted(_placeholders(ja)) == sorted(_placeholders(msgid)), msgid


def _placeholders(template: str) -> list[str]:
    import re

    return re.findall(r"%(?:\(\w+\))?[rsd]", template)


def test_suspend_lost_card_gives_the_24_hour_numbers_from_the_citys_contacts(capsys):
    from madoguchi.rules.loader import load_municipality

    code, out, _ = run(capsys, "procedure", "suspend-lost-card")
    assert code == 0
    # FACTS.md §1: the toll-free line (option 2), foreign languages, fax, paid line, IP phones.
    for number in ("0120-95-0178", "0120-0178-27", "0120-601-785", "0570-783-578", "050-3818-1250"):
        assert number in out
    lines = load_municipality("koganei").city.contacts_for("suspension")
    assert all((c.phone or c.fax) in out and c.label.ja in out and c.label.en in out for c in lines)
    assert "「2」" in out and "option 2" in out
    # The JSON keeps its keys; the numbers ride with the notes.
    code, out, _ = run(capsys, "procedure", "suspend-lost-card", "--json")
    d = json.loads(out)
    assert any("0120-95-0178" in n and "24時間" in n for n in d["notes_ja"])


def test_a_procedure_without_contacts_lists_none(capsys):
    _, out, _ = run(capsys, "procedure", "card-return")
    assert "連絡先" not in out and "0120-95-0178" not in out


def test_installed_console_script_runs():
    done = subprocess.run(
        [sys.executable, "-m", "madoguchi.cli.main", "procedures", "--json"], capture_output=True, text=True, check=True
    )
    assert FACTS_PROCEDURES <= {r["id"] for r in json.loads(done.stdout)}


def test_assumptions_lists_what_the_citys_it_staff_must_confirm(capsys):
    """Documented assumptions (data/*/assumptions.yaml): national and the city's, each with
    the data file that holds the value and its sources."""
    from madoguchi.rules.loader import DATA_ROOT

    code, out, err = run(capsys, "assumptions", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    ids = {r["id"] for r in rows}
    assert {"sunday-hours", "notes-field-capacity", "kiosk-pin-reset-date"} <= ids
    for r in rows:
        assert r["text_ja"] and r["text_en"] and r["sources"] and all(s.startswith("https://") for s in r["sources"])
        assert (DATA_ROOT / r["where"].split()[0]).is_file(), r["where"]


def test_the_city_comes_from_the_settings_unless_named(capsys, settings):
    """The one default city is settings.MADOGUCHI_CITY; `--city` names another."""
    settings.MADOGUCHI_CITY = "no-such-city"
    assert main(["procedures"]) == 2
    assert "no-such-city" in capsys.readouterr().err
    assert main(["--city", "koganei", "procedures"]) == 0
