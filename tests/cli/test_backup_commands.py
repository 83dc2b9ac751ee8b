"""`madoguchi backup | restore | verify-backup` as the IT staff run them: what they
print, and one line on stderr with exit 2 (nothing changed) for what they refuse.
Whole processes on a scratch database of the suite's engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from madoguchi.cli.main import main
from tests.backup.conftest import ENGINE, env_for, madoguchi, query, scratch, workload  # noqa: F401 - scratch is a fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def backed_up(scratch, tmp_path_factory):  # noqa: F811
    data = tmp_path_factory.mktemp("data")
    source = scratch("source")
    env = env_for(source, data)
    workload(env, "prepare", "3")
    done = madoguchi(env, "backup", "--out", str(data / "nightly"))
    return {"source": source, "data": data, "env": env, "done": done, "scratch": scratch}


def one_line(done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if " WARNING " not in line]  # the development keys' log line, if any
    assert len(lines) == 1 and lines[0].startswith("madoguchi: "), done.stderr
    return lines[0]


def test_backup_prints_the_file_its_size_the_manifest_and_that_keys_are_apart(backed_up):
    done = backed_up["done"]
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(rf"Backup written: \S+/nightly/madoguchi-{ENGINE}-\d{{8}}T\d{{6}}Z\.\w+ \(\d+(\.\d)? [KM]?B\)", lines[0])
    assert lines[1].startswith("Manifest: ") and lines[1].endswith(".manifest.json")
    assert re.fullmatch(rf"Contents: {ENGINE}, \d+ audit entries, 3 residents, 0 bookings, 0 cases", lines[2])
    assert "MADOGUCHI_ENCRYPTION_KEY" in lines[3] and "keep them apart" in lines[3]


def _file(backed_up) -> str:
    return re.search(r"Backup written: (\S+) \(", backed_up["done"].stdout).group(1)


def test_restore_refuses_a_database_that_has_tables(backed_up):
    source = backed_up["source"]
    rows = query(source, "SELECT count(*) FROM counter_resident")
    line = one_line(madoguchi(backed_up["env"], "restore", _file(backed_up), "--into", source, "--yes"))
    assert "already has" in line and "restore goes into an empty database only" in line
    assert query(source, "SELECT count(*) FROM counter_resident") == rows


def test_restore_without_confirmation_restores_nothing(backed_up):
    target = backed_up["scratch"]("unconfirmed")
    line = one_line(madoguchi(env_for(target, backed_up["data"]), "restore", _file(backed_up), "--into", target))
    assert "not confirmed" in line and "--yes" in line
    if ENGINE == "postgresql":
        assert query(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(0,)]
    else:
        assert not Path(target.removeprefix("sqlite:///")).exists()


def test_refusals_speak_japanese_to_a_japanese_locale(backed_up):
    line = one_line(madoguchi({**backed_up["env"], "MADOGUCHI_LANG": "ja_JP.UTF-8"}, "restore", _file(backed_up),
                              "--into", backed_up["source"], "--yes"))  # fmt: skip
    assert "空のデータベースにだけ" in line


@pytest.mark.parametrize(
    "argv, says",
    [
        (["restore", "/nowhere/madoguchi-sqlite-20261201T000000Z.sqlite3", "--yes"], "does not exist"),
        (["restore", "x.sqlite3", "--sample", "0"], "from 1 to 10000"),
        (["verify-backup", "/nowhere/x.sqlite3.manifest.json"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, monkeypatch, argv, says):
    monkeypatch.setenv("MADOGUCHI_LANG", "en")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err
