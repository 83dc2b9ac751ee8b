"""The catalog as PO files for translators' tools, and back, changing nothing else (ADR 0021)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from madoguchi.core.catalog_po import export_po, import_po
from madoguchi.core.messages import PACKAGE_ROOT


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of every catalog file, where the import may write."""
    for path in PACKAGE_ROOT.glob("**/messages*.yaml"):
        target = tmp_path / path.relative_to(PACKAGE_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.glob("**/messages*.yaml"))}


def test_the_export_shows_the_three_japanese_side_texts_together(root):
    po = export_po("zh", root)
    entry = next(e for e in po if e.msgctxt == "guide.outcome.intro")
    assert entry.msgid == "上から順に手続してください。" and entry.msgstr == "请从上到下依次办理。"
    assert "en: Do these in order, from the top." in entry.comment and "easy: 上《うえ》から" in entry.comment
    assert entry.occurrences == [("guide/messages.yaml", "")]
    assert po.metadata["Language"] == "zh_Hans"


@pytest.mark.parametrize("language", ["zh", "easy", "en"])
def test_export_then_import_changes_no_file(root, tmp_path, language):
    before = snapshot(root)
    out = tmp_path / f"{language}.po"
    export_po(language, root).save(str(out))
    report = import_po(out, root)
    assert (report.written, report.stale, report.unknown) == ({}, [], [])
    assert snapshot(root) == before


def test_an_edited_translation_is_written_into_its_line_only(root, tmp_path):
    before = snapshot(root)
    po = export_po("zh", root)
    next(e for e in po if e.msgctxt == "guide.back").msgstr = "上一步"
    easy = export_po("easy", root)
    next(e for e in easy if e.msgctxt == "guide.back").msgstr = "前《まえ》へ 戻《もど》る"
    po.save(str(tmp_path / "zh.po"))
    easy.save(str(tmp_path / "easy.po"))
    assert import_po(tmp_path / "zh.po", root).written == {"guide/messages.yaml": 1}
    assert import_po(tmp_path / "easy.po", root).written == {"guide/messages.yaml": 1}
    after = snapshot(root)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"guide/messages.zh.yaml", "guide/messages.yaml"}
    diff = lambda name: [(a, b) for a, b in zip(before[name].split("\n"), after[name].split("\n")) if a != b]  # noqa: E731
    assert diff("guide/messages.zh.yaml") == [('guide.back: "返回"', 'guide.back: "上一步"')]
    [(old, new)] = diff("guide/messages.yaml")
    assert old.replace('easy: "戻《もど》る"', 'easy: "前《まえ》へ 戻《もど》る"') == new


def test_a_translation_of_an_older_japanese_or_an_unknown_key_is_not_imported(root, tmp_path):
    before = snapshot(root)
    po = export_po("zh", root)
    stale = next(e for e in po if e.msgctxt == "guide.back")
    stale.msgid, stale.msgstr = "前へ", "上一步"
    po.append(polib.POEntry(msgctxt="guide.no_such_key", msgid="無い", msgstr="没有"))
    fuzzy = next(e for e in po if e.msgctxt == "guide.continue")
    fuzzy.msgstr, fuzzy.flags = "继续", ["fuzzy"]
    po.save(str(tmp_path / "zh.po"))
    report = import_po(tmp_path / "zh.po", root)
    assert (report.stale, report.unknown, report.written) == (["guide.back"], ["guide.no_such_key"], {})
    assert snapshot(root) == before


def test_the_command_exports_and_refuses_a_missing_file(capsys, tmp_path):
    from madoguchi.cli.main import main

    assert main(["messages", "export", "--po", "zh", "--out", str(tmp_path / "zh.po")]) == 0
    assert any(e.msgctxt == "booking.manage.booked" and e.msgstr == "预约成功。" for e in polib.pofile(str(tmp_path / "zh.po")))
    assert main(["messages", "import", str(tmp_path / "none.po")]) == 2
    assert "none.po" in capsys.readouterr().err
    assert main(["messages", "export", "--po", "ja"]) == 2
