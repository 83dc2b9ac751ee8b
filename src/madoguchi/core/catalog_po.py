"""The message catalog as gettext PO files, for translators' tools (Poedit, Weblate), and back (ADR 0021).

The YAML catalogs stay the source: `madoguchi messages export --po zh` writes
one PO file with every key as `msgctxt`, the Japanese as `msgid` and the
language's text as `msgstr`, the English and やさしい日本語 beside it as
extracted comments (`#.`), so the three Japanese-side texts are read side by
side. `madoguchi messages import FILE.po` writes the translations back, each
into its key's line: a further language into `<pkg>/messages.<lang>.yaml`
(rewritten in the base catalog's key order), en or easy into its place in the
base line, nothing else touched. An entry whose Japanese changed since the
export, or that is marked fuzzy or left empty, is not imported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from madoguchi.rules.datafile import read_yaml
from madoguchi.rules.messages import language_files, read_catalog
from madoguchi.rules.text import ALL_LANGUAGES, LANGUAGES

from .messages import PACKAGE_ROOT

# gettext's name of each language (the PO header's Language:).
PO_LANGUAGE = {"en": "en", "easy": "ja_JP@easy", "zh": "zh_Hans"}
DRAFT_NOTE = "draft: imported from a PO file; a reviewer deletes this line when the translation is checked"


def base_catalogs(root: Path = PACKAGE_ROOT) -> list[Path]:
    return sorted(root.glob("**/messages.yaml"))


def export_po(language: str, root: Path = PACKAGE_ROOT) -> polib.POFile:
    if language not in ALL_LANGUAGES or language == "ja":
        raise ValueError(f"cannot export {language!r}; choose one of {', '.join(l for l in ALL_LANGUAGES if l != 'ja')}")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "madoguchi",
        "Language": PO_LANGUAGE[language],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for base in base_catalogs(root):
        label = str(base.relative_to(root))
        for key, text in read_catalog(base, label).items():
            side = [f"{lang}: {text.languages[lang]}" for lang in LANGUAGES if lang not in ("ja", language) and text.has(lang)]
            po.append(polib.POEntry(
                msgctxt=key, msgid=text.ja, msgstr=text.languages.get(language, ""),
                occurrences=[(label, "")], comment="\n".join(side),
            ))
    return po


@dataclass
class ImportReport:
    written: dict[str, int] = field(default_factory=dict)  # catalog file → entries changed
    stale: list[str] = field(default_factory=list)  # keys whose Japanese changed since the export
    unknown: list[str] = field(default_factory=list)  # keys no catalog has
    skipped: int = 0  # empty or fuzzy entries


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def import_po(path: Path, root: Path = PACKAGE_ROOT) -> ImportReport:
    po = polib.pofile(str(path))
    language = {v: k for k, v in PO_LANGUAGE.items()}.get(po.metadata.get("Language", ""))
    if language is None:
        raise ValueError(f"{path.name}: the header's Language must be one of {', '.join(PO_LANGUAGE.values())}")
    catalogs = {base: read_catalog(base, str(base.relative_to(root))) for base in base_catalogs(root)}
    where = {key: base for base, texts in catalogs.items() for key in texts}
    report = ImportReport()
    wanted: dict[Path, dict[str, str]] = {}
    for entry in po:
        if not entry.msgstr or "fuzzy" in entry.flags or entry.obsolete:
            report.skipped += 1
            continue
        base = where.get(entry.msgctxt or "")
        if base is None:
            report.unknown.append(entry.msgctxt or entry.msgid)
            continue
        text = catalogs[base][entry.msgctxt]
        if text.ja != entry.msgid:
            report.stale.append(entry.msgctxt)
            continue
        if text.languages.get(language) != entry.msgstr:
            wanted.setdefault(base, {})[entry.msgctxt] = entry.msgstr
    for base, changes in wanted.items():
        if language in LANGUAGES:
            _write_in_base(base, language, changes)
        else:
            _write_language_file(base, language, catalogs[base], changes)
        report.written[str(base.relative_to(root))] = len(changes)
    return report


def _write_in_base(base: Path, language: str, changes: dict[str, str]) -> None:
    """en or easy: replace that language's value in each key's one line, nothing else."""
    lines = base.read_text(encoding="utf-8").split("\n")
    value = re.compile(rf'(\b{language}: )"(?:[^"\\]|\\.)*"')
    for i, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if key in changes:
            lines[i] = value.sub(lambda m: m.group(1) + _quoted(changes[key]), line, count=1)
    base.write_text("\n".join(lines), encoding="utf-8")


def _write_language_file(base: Path, language: str, texts: dict, changes: dict[str, str]) -> None:
    """A further language: its file keeps its comments and note, one line per key in the base catalog's order."""
    path = language_files(base).get(language, base.with_name(f"{base.stem}.{language}.yaml"))
    head, current, note = [], {}, DRAFT_NOTE
    if path.exists():
        head = [l for l in path.read_text(encoding="utf-8").split("\n") if l.startswith("#")]
        for key, node in read_yaml(path, path.name).mapping().items():
            if key == "_review":
                note = node.str()
            elif not key.startswith("_"):
                current[key] = node.str()
    current.update(changes)
    body = [f"_review: {_quoted(note)}"] + [f"{key}: {_quoted(current[key])}" for key in texts if key in current]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
