"""`madoguchi messages export --po LANG` and `madoguchi messages import FILE.po` (core/catalog_po.py, ADR 0021)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .language import say


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("messages", help="the message catalog as PO files for translators (export, import)")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    e = actions.add_parser("export", help="write one PO file of every key: msgid Japanese, msgstr LANG")
    e.add_argument("--po", required=True, metavar="LANG", help="the language to translate into: en, easy or zh")
    e.add_argument("--out", type=Path, help="the PO file to write (default: stdout)")
    e.set_defaults(handler=cmd_export)
    i = actions.add_parser("import", help="write a PO file's translations back into the YAML catalogs")
    i.add_argument("file", type=Path, help="a PO file exported by `madoguchi messages export`")
    i.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from madoguchi.core.catalog_po import export_po

    try:
        po = export_po(args.po)
    except ValueError as e:
        print(f"madoguchi: {e}", file=sys.stderr)
        return 2
    if args.out:
        po.save(str(args.out))
    else:
        sys.stdout.write(str(po))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from madoguchi.core.catalog_po import import_po

    if not args.file.is_file():
        print(f"madoguchi: {say('cli.messages.no_file', file=args.file)}", file=sys.stderr)
        return 2
    try:
        report = import_po(args.file)
    except (ValueError, OSError) as e:
        print(f"madoguchi: {e}", file=sys.stderr)
        return 2
    for catalog, n in sorted(report.written.items()):
        print(say("cli.messages.written", catalog=catalog, n=n))
    for key in report.stale:
        print(say("cli.messages.stale", key=key), file=sys.stderr)
    for key in report.unknown:
        print(say("cli.messages.unknown", key=key), file=sys.stderr)
    return 1 if report.stale or report.unknown else 0
