"""The one message catalog: every text by key, every language complete where it is offered.

A language every page speaks (ja, en, easy) is in every entry; a further
language (中文) is complete in every catalog a page offered in it uses; and no
user-facing text is left as a literal in Python (ADR 0021).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from madoguchi.core.messages import PACKAGE_ROOT, message_files, messages
from madoguchi.rules.datafile import read_yaml
from madoguchi.rules.messages import language_files, read_catalog
from madoguchi.rules.text import LANGUAGES, TRANSLATED, Text

# The catalogs the pages offered in 中文 use (the residents' guide and bookings,
# the layout, the problems every page can show), and the keys of them that are
# the staff side's and never shown in 中文.
ZH_CATALOGS = ("guide/messages.yaml", "booking/messages.yaml", "booking/services/messages.yaml", "web/messages.yaml", "core/messages.yaml")
STAFF_KEYS = re.compile(r"^booking\.staff\.")


def test_every_message_has_every_language_of_every_page():
    for key, text in messages().items():
        for lang in LANGUAGES:
            assert text.has(lang) and text.languages[lang].strip(), f"{key} lacks {lang}"


@pytest.mark.parametrize("catalog", ZH_CATALOGS)
def test_every_key_a_chinese_page_uses_has_chinese(catalog):
    texts = read_catalog(PACKAGE_ROOT / catalog, catalog)
    missing = [key for key, text in texts.items() if not STAFF_KEYS.match(key) and not text.has("zh")]
    assert missing == [], f"{catalog}: {len(missing)} keys lack zh, e.g. {missing[:5]}"


def test_a_translation_keeps_the_placeholders_of_the_japanese():
    for key, text in messages().items():
        wanted = set(re.findall(r"\{(\w+)[^}]*\}", text.ja))
        for lang in TRANSLATED:
            if text.has(lang):
                assert set(re.findall(r"\{(\w+)[^}]*\}", text.languages[lang])) == wanted, (key, lang)


def test_every_further_language_file_is_marked_as_a_draft_until_reviewed():
    """A machine-drafted file says so (`_review:`); a reviewer deletes the line when done."""
    files = [path for base in message_files() for path in language_files(base).values()]
    assert files, "no further-language catalog found"
    for path in files:
        note = read_yaml(path, path.name).value.get("_review")
        assert note is None or "draft" in note, path


def test_a_translation_of_an_unknown_key_is_refused(tmp_path: Path):
    (tmp_path / "messages.yaml").write_text('a.b: {ja: "あ", en: "a", easy: "あ"}\n', encoding="utf-8")
    (tmp_path / "messages.zh.yaml").write_text('a.c: "啊"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="a.c: not a key"):
        read_catalog(tmp_path / "messages.yaml", "messages.yaml")
    (tmp_path / "messages.zh.yaml").write_text('a.b: "啊"\n', encoding="utf-8")
    assert read_catalog(tmp_path / "messages.yaml", "messages.yaml")["a.b"].get("zh") == "啊"


def test_a_text_takes_a_further_language_without_a_new_field():
    t = Text("窓口", en="the counter", easy="窓口《まどぐち》", zh="窗口")
    assert (t.get("zh"), t.get("easy"), t.get("en"), t.get("xx")) == ("窗口", "窓口《まどぐち》", "the counter", "窓口")
    assert Text("窓口").get("zh") == "窓口" and Text("窓口").shown_in("zh") == "ja"
    assert t.format().languages == t.languages
    with pytest.raises(ValueError, match="unknown language"):
        Text("窓口", fr="guichet")


def _text_literals(path: Path) -> list[int]:
    """Lines where a `Text(...)` is built from two or more string literals: a text that belongs in a catalog."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("Text", "DatedText"):
            args = [*node.args, *(k.value for k in node.keywords)]
            if sum(isinstance(a, (ast.Constant, ast.JoinedStr)) and not isinstance(getattr(a, "value", ""), bool) for a in args) >= 2:
                found.append(node.lineno)
    return found


def test_no_user_facing_text_is_a_literal_in_python():
    offenders = {}
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        lines = _text_literals(path)
        source = path.read_text(encoding="utf-8")
        if "message_ja=" in source:
            lines.append("message_ja=")
        if lines:
            offenders[str(path.relative_to(PACKAGE_ROOT))] = lines
    assert offenders == {}


def test_the_literal_check_finds_a_literal(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text('X = Text("窓口", "the counter", "まどぐち")\nY = Text(ja=f"{a}", en=f"{a}")\nZ = Text(name)\n', encoding="utf-8")
    assert _text_literals(sample) == [1, 2]
