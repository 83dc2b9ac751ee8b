"""`madoguchi run | serve | manage`: the web system itself."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="set up the database with demo data and run the development server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-demo", action="store_true", help="do not add the fictional demo data")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("serve", help="run the production server (gunicorn, several worker processes)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="processes (default CPUs + 1)")
    p.add_argument("--threads", type=int, default=32, help="threads per process (default 32; most answer 'busy' at once under a surge)")
    p.add_argument("--backlog", type=int, default=2048, help="connections the kernel queues before accepting")
    p.add_argument("--timeout", type=int, default=30, help="seconds before a stuck worker is restarted")
    p.add_argument("--no-access-log", action="store_true", help="do not log every request (benchmarks)")
    p.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev"))
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("manage", help="Django's manage.py (migrate, createsuperuser, check ...)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=cmd_manage)


def _django(settings: str = "madoguchi.settings.dev") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _prepare_data_dir() -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def cmd_run(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    _prepare_data_dir()
    call_command("migrate", interactive=False, verbosity=1)
    if not args.no_demo:
        call_command("seed_demo")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """gunicorn with threaded workers: see docs/booking.md, "Serving a surge".

    Threads let a worker answer "busy, try again at HH:MM" (booking/overload.py)
    while its booking writes run, instead of leaving requests in the socket
    queue until they time out. The app is loaded before forking (--preload) so
    workers start fast and share the city's rules; each opens its own database
    connections after the fork.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    _django(args.settings)
    from django.conf import settings
    from django.core.management import call_command

    _prepare_data_dir()
    call_command("migrate", interactive=False, verbosity=0)
    if settings.STATIC_ROOT:
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connections

    connections.close_all()  # never share a connection with the forked workers
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "madoguchi.booking.wsgi:application",  # Django behind the booking gate
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(max(1, args.workers)),
        "--worker-class",
        "gthread",
        "--threads",
        str(max(1, args.threads)),
        "--backlog",
        str(args.backlog),
        "--timeout",
        str(args.timeout),
        "--graceful-timeout",
        "10",
        "--keep-alive",
        "5",
        "--preload",
    ]
    if not args.no_access_log:
        sys.argv += ["--access-logfile", "-"]
    run()
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    _prepare_data_dir()
    execute_from_command_line(["madoguchi manage", *args.rest])
    return 0
