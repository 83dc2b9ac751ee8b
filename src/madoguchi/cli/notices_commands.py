"""`madoguchi notices run | send-mail | sender | print`: the daily batch, the mail still to send, the
mail sender process `madoguchi serve` runs beside its workers, and the letters for the print contractor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .rules_commands import iso_date


def add_parsers(sub: argparse._SubParsersAction) -> None:
    notices = sub.add_parser("notices", help="the daily notice batch and printed letters")
    nsub = notices.add_subparsers(dest="notices_command", required=True, parser_class=type(notices))

    p = nsub.add_parser("run", help="make every notice due on a day (default today), exactly once, and send mail")
    p.add_argument("--date", type=iso_date, help="YYYY-MM-DD (default today)")
    p.add_argument("--dry-run", action="store_true", help="count what would be made; change nothing")
    p.add_argument("--progress", action="store_true", help="show a progress bar (default when on a terminal)")
    p.set_defaults(handler=cmd_run)

    p = nsub.add_parser(
        "send-mail", help="send the mail not sent yet (a booking's mail the server refused, or never reached); every few minutes from cron"
    )
    p.set_defaults(handler=cmd_send_mail)

    p = nsub.add_parser(
        "sender", help="send queued mail within a second of its commit, until stopped (madoguchi serve starts one; docs/adr/0028)"
    )
    p.add_argument("--nice", type=int, default=10, help="lower this process's priority by N, so bookings come first on a busy machine (default 10)")
    p.set_defaults(handler=cmd_sender)

    p = nsub.add_parser("print", help="write the pending letters of a day as one PDF and the contractor's CSV")
    p.add_argument("--date", type=iso_date, help="YYYY-MM-DD (default today)")
    p.add_argument("--out", type=Path, default=Path("var/letters"), help="folder for the PDF and CSV")
    p.set_defaults(handler=cmd_print)


def _setup(city: str, settings_module: str = "madoguchi.settings.dev") -> None:
    """Start Django for the city the command was given (`madoguchi --city X`;
    main() puts the settings' city there when none was). Before the settings
    load, MADOGUCHI_CITY makes everything they derive follow it (the mail's
    From); settings read already (a test) are told the city too, so that
    core.city.municipality() answers for it."""
    import os

    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    if not settings.configured:  # a server's workers inherit it too (madoguchi serve)
        os.environ["MADOGUCHI_CITY"] = city
    import django

    django.setup()
    if settings.MADOGUCHI_CITY != city:
        settings.MADOGUCHI_CITY = city


def cmd_run(args: argparse.Namespace) -> int:
    _setup(args.city)
    from tqdm import tqdm

    from madoguchi.core import clock
    from madoguchi.notices.services.batch import run_batch
    from madoguchi.notices.services.mail import send_pending_mail

    day = args.date or clock.today()
    show = args.progress or sys.stderr.isatty()
    progress = (lambda it, label: tqdm(it, desc=label, unit=" notices", leave=False)) if show else None
    report = run_batch(day, dry_run=args.dry_run, progress=progress)
    days = ", ".join(d.isoformat() for d in report.days)
    if args.dry_run:
        print(f"試行 dry run for {days}: nothing changed")
        for kind, n in report.proposed.items():
            print(f"  {kind}: {n} would be made (or exist already)")
        return 0
    print(f"お知らせ notices for {days}: {report.total_created} made")
    for kind, n in report.created.items():
        print(f"  {kind}: {n} made, {report.proposed.get(kind, 0)} due")
    sent, failed = send_pending_mail(day)
    print(f"メール mail: {sent} sent, {failed} failed")
    return 1 if failed else 0


def cmd_send_mail(args: argparse.Namespace) -> int:
    _setup(args.city)
    from madoguchi.core import clock
    from madoguchi.notices.services.mail import send_pending_mail

    sent, failed = send_pending_mail(clock.today())
    print(f"メール mail: {sent} sent, {failed} failed")
    return 1 if failed else 0


def cmd_sender(args: argparse.Namespace) -> int:
    """Until SIGTERM or Ctrl-C; the mail in hand is finished first."""
    import os
    import signal
    import threading

    _setup(args.city)
    from madoguchi.notices.services import sender

    if args.nice > 0:
        os.nice(args.nice)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    sender.run(stop)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    _setup(args.city)
    from madoguchi.core import clock
    from madoguchi.audit.services import Actor
    from madoguchi.notices.models import Notice
    from madoguchi.notices.services.letters import contractor_csv, mark_printed, render_letters_pdf

    day = args.date or clock.today()
    letters = list(Notice.objects.filter(channel="letter", state=Notice.State.PENDING, due_on__lte=day).order_by("id"))
    if not letters:
        print(f"印刷する通知はありません / no letters to print up to {day}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / f"letters-{day.isoformat()}.pdf"
    csv_path = args.out / f"letters-{day.isoformat()}.csv"
    pdf.write_bytes(render_letters_pdf(letters))
    csv_path.write_text(contractor_csv(letters), encoding="utf-8-sig")
    done = mark_printed(letters, Actor.system())
    print(f"{done} letters: {pdf} and {csv_path}")
    return 0
