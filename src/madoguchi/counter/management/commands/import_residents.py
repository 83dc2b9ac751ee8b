"""`madoguchi manage import_residents FILE [--encoding utf-8|shift_jis] [--skip-bad]`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from madoguchi.audit.services import Actor
from madoguchi.counter.imports.load import ImportFileError, import_residents

# Shift_JIS exports from Windows systems are CP932 (a superset: ①, 髙 ...).
ENCODINGS = {"utf-8": "utf-8-sig", "shift_jis": "cp932"}


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
            raise CommandError(f"{path}: no such file / ファイルがありません")
        total = _count_rows(path)
        try:
            with path.open(encoding=ENCODINGS[options["encoding"]], newline="") as f, tqdm(
                total=total, unit="rows", file=sys.stderr, disable=None
            ) as bar:
                report = import_residents(
                    Actor(options["actor"], "import"), f, skip_bad=options["skip_bad"], source=path.name,
                    batch_size=options["batch_size"], progress=bar.update,
                )  # fmt: skip
        except UnicodeDecodeError as e:
            other = "shift_jis" if options["encoding"] == "utf-8" else "utf-8"
            raise CommandError(
                f"{path}: not {options['encoding']} (byte {e.start}); try --encoding {other} / "
                f"文字コードが {options['encoding']} ではありません。--encoding {other} を試してください"
            ) from None
        except ImportFileError as e:
            raise CommandError(f"{path}: {e.text.ja} / {e.text.en}") from None
        for p in report.problems:
            self.stderr.write(f"row {p.row}, {p.column}: {p.text.ja} / {p.text.en}")
        bad = len(report.bad_rows)
        if report.problems and not report.skip_bad:
            raise CommandError(
                f"{bad} bad row(s) of {report.rows}: nothing imported; correct them or use --skip-bad / "
                f"{report.rows}行中{bad}行に誤りがあるため、取り込みませんでした"
            )
        self.stdout.write(f"imported {report.imported} of {report.rows} rows; skipped {bad} / {report.imported}件取り込み、{bad}件スキップ")


def _count_rows(path: Path) -> int:
    with path.open("rb") as f:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) - 1)
