"""`madoguchi manage import_residents FILE [--encoding utf-8|shift_jis] [--skip-bad]`.

Every message is Japanese, then English (counter/messages.yaml), as on the
staff pages. Nothing this command prints quotes a resident's data beyond a
short bad value: no database error's text, and no traceback (an unexpected
error is named by its kind and the row reached; nothing is stored).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from madoguchi.audit.services import Actor
from madoguchi.counter.imports.columns import say
from madoguchi.counter.imports.load import ImportFileError, import_residents
from madoguchi.counter.imports.source import ENCODINGS, open_export, other_encoding


def in_both(text) -> str:
    """Japanese, then English, as the staff pages show a message."""
    return f"{text.ja} / {text.en}"


class Command(BaseCommand):
    help = "Import residents and their cards from a CSV export (columns: docs/counter.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--encoding", choices=sorted(ENCODINGS), default="utf-8")
        parser.add_argument("--skip-bad", action="store_true", help="store the good rows and report the bad ones")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--actor", default="import", help="the name recorded in the audit log")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(in_both(say("no_file", path=path)))
        progress = _Progress()
        try:
            with open_export(path, options["encoding"]) as lines, tqdm(
                total=_count_rows(path), unit="rows", file=sys.stderr, disable=None
            ) as progress.bar:
                report = import_residents(
                    Actor(options["actor"], "import"), lines, skip_bad=options["skip_bad"], source=path.name,
                    batch_size=options["batch_size"], progress=progress,
                )  # fmt: skip
        except ImportFileError as e:
            raise CommandError(f"{path}: {in_both(e.text)}") from None
        except Exception as e:  # noqa: BLE001 - its text and traceback may quote a resident's data
            raise CommandError(f"{path}: {in_both(say('failed', row=progress.rows + 1, kind=type(e).__name__))}") from None
        for p in report.problems:
            self.stderr.write(f"row {p.row}, {p.column}: {in_both(p.text)}")
        bad = len(report.bad_rows)
        hint = ""
        if report.undecodable_lines:  # most likely the other encoding: say so last, where it is read
            hint = "\n" + in_both(say("undecodable_hint", count=report.undecodable_lines, encoding=report.encoding,
                                       other=other_encoding(report.encoding)))  # fmt: skip
        if report.problems and not report.skip_bad:
            raise CommandError(in_both(say("nothing_imported", rows=report.rows, bad=bad)) + hint)
        if hint:
            self.stderr.write(hint.strip())
        self.stdout.write(in_both(say("done", rows=report.rows, imported=report.imported, bad=bad)))


class _Progress:
    """The progress bar, and the rows checked so far (to say where an unexpected error stopped)."""

    bar = None
    rows = 0

    def __call__(self, n: int) -> None:
        self.rows += n
        self.bar.update(n)


def _count_rows(path: Path) -> int:
    with path.open("rb") as f:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) - 1)
