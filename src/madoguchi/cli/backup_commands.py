"""`madoguchi backup | restore | verify-backup`: backups the city's IT staff can restore.

What to back up, the schedule and the monthly restore drill: docs/operations.md.
Messages: backup/messages.yaml, in the user's language. Something the command
cannot use (a missing file, a target that is not empty, no confirmation) is
one line on stderr and exit 2, with nothing changed; a tool or database that
fails, or a verification that fails, exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from madoguchi.backup.errors import BackupError
from madoguchi.backup.manifest import SUFFIX, backup_path_of
from madoguchi.web.messages import message


def _sample(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 10_000:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 10000")
    return n


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back up the database while it serves (pg_dump -Fc, or SQLite's online backup) with a manifest")
    p.add_argument("--out", type=Path, metavar="DIR_OR_FILE",
                   help="a folder (the file is named by the UTC time and the engine) or a file; default MADOGUCHI_DATA_DIR/backups")
    p.set_defaults(handler=_guarded(cmd_backup))

    p = sub.add_parser("restore", help="restore a backup into an EMPTY database, then verify it")
    p.add_argument("file", type=Path, help="the backup file (its .manifest.json beside it)")
    p.add_argument("--into", metavar="DATABASE_URL", help="the empty database to restore into (default: DATABASE_URL)")
    p.add_argument("--manifest", type=Path, help="the manifest, if it is not beside the file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--sample", type=_sample, default=100, help="My Numbers to decrypt in the verify step (default 100)")
    p.set_defaults(handler=_guarded(cmd_restore))

    p = sub.add_parser("verify-backup", help="verify a restored database: audit chain, row counts, keys, a sample of My Numbers")
    p.add_argument("backup", type=Path, nargs="?", help="the backup file or its .manifest.json (without: no comparison with a manifest)")
    p.add_argument("--database", metavar="DATABASE_URL", help="the restored database (default: DATABASE_URL)")
    p.add_argument("--sample", type=_sample, default=100, help="My Numbers to decrypt (default 100)")
    p.set_defaults(handler=_guarded(cmd_verify))


def _guarded(handler: Callable[[argparse.Namespace, str], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .language import user_language

        lang = user_language()
        try:
            return handler(args, lang)
        except BackupError as e:
            print(f"madoguchi: {e.message(lang)}", file=sys.stderr)
            return e.exit_code

    return run


def _django(database_url: str | None = None) -> None:
    """Django on the configured database, or on `database_url` (restore's target)."""
    from django.apps import apps

    if database_url:
        if apps.ready:  # settings are read once: a second database would be ignored, silently
            raise RuntimeError("Django is already set up; run the command in a new process")
        os.environ["DATABASE_URL"] = database_url
    from .server_commands import _django as setup

    setup()


def _configured():
    from django.conf import settings

    from madoguchi.backup.database import Database

    return Database.from_settings(settings.DATABASES["default"])


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    _django()
    from django.conf import settings

    from madoguchi.backup.backup import human_size, make_backup

    written = make_backup(_configured(), args.out or settings.DATA_DIR / "backups", default_folder=args.out is None)
    rows = written.manifest.rows
    print(message("backup.written", lang, path=written.path, size=human_size(written.manifest.size)))
    print(message("backup.manifest_written", lang, path=written.manifest_path))
    print(message("backup.contents", lang, engine=written.manifest.engine, audit=rows.get("audit.auditentry", 0),
                  residents=rows.get("counter.resident", 0), bookings=rows.get("booking.booking", 0), cases=rows.get("counter.case", 0)))  # fmt: skip
    print(message("backup.keys_apart", lang))
    return 0


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    from madoguchi.backup import restore

    manifest = restore.load(args.file, args.manifest)  # before anything else: the file is the manifest's
    _django(args.into)
    target = _configured()
    restore.check_target(target, manifest)
    if not args.yes:
        prompt = message("backup.restore.confirm", lang, file=args.file, created=manifest.created_at, engine=manifest.engine,
                         target=target.describe())  # fmt: skip
        if not sys.stdin.isatty() or input(prompt).strip().lower() != "yes":
            raise BackupError("backup.restore.needs_yes")
    restore.restore(args.file, manifest, target)
    print(message("backup.restore.done", lang, file=args.file, target=target.describe()))
    return _report(lang, manifest, None, args.sample)


def cmd_verify(args: argparse.Namespace, lang: str) -> int:
    from madoguchi.backup.manifest import Manifest, manifest_path

    manifest = backup_file = None
    if args.backup is not None:
        if args.backup.name.endswith(SUFFIX):
            manifest_file, backup_file = args.backup, backup_path_of(args.backup)
        else:
            manifest_file, backup_file = manifest_path(args.backup), args.backup
        manifest = Manifest.read(manifest_file)
    _django(args.database)
    return _report(lang, manifest, backup_file, args.sample)


def _report(lang: str, manifest, backup_file: Path | None, sample: int) -> int:
    from madoguchi.backup.verify import verify

    report = verify(manifest, backup_file=backup_file, sample=sample)
    for check in report.checks:
        print(f"{'✓' if check.ok else '✗'} {message(check.key, lang, **check.fmt)}")
    if report.ok:
        print(message("backup.verify.passed", lang))
        return 0
    print(f"madoguchi: {message('backup.verify.failed', lang, failed=len(report.failed))}", file=sys.stderr)
    return 1
