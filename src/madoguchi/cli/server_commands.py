"""`madoguchi run | serve | manage`: the web system itself."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="set up the database with demo data and run the development server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-demo", action="store_true", help="do not add the fictional demo data")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("serve", help="run the production server (granian, several worker processes)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: one per CPU)")
    p.add_argument("--threads", type=int, default=None,
                   help="threads per process (default: BOOKING_CONCURRENT_REQUESTS + 2, so that a saturated process still answers 'busy' at once)")
    p.add_argument("--backlog", type=int, default=2048, help="connections the kernel queues before accepting")
    p.add_argument("--no-access-log", action="store_true", help="do not log every request (benchmarks)")
    p.add_argument("--live-port", type=int, default=None,
                   help="port of the live server (the queue's screens, ASGI; default MADOGUCHI_LIVE_PORT or --port + 1; 0: do not start it)")
    p.add_argument("--live-workers", type=int, default=1, help="live server processes (each holds thousands of streams)")
    p.add_argument("--no-mail-sender", action="store_true",
                   help="do not start the mail sender process (another host runs `madoguchi notices sender`; docs/adr/0028)")
    p.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev"))
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("manage", help="Django's manage.py (migrate, createsuperuser, check ...)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=cmd_manage)


def _django(city: str | None = None, settings: str = "madoguchi.settings.dev") -> None:
    """Django for the command's city (`madoguchi --city X run|serve|manage`), as the daily
    jobs start it; without a city (the backups), the settings' own."""
    from .notices_commands import _setup

    if city is not None:
        _setup(city, settings)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _prepare_data_dir() -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def cmd_run(args: argparse.Namespace) -> int:
    _django(args.city)
    from django.core.management import call_command

    _prepare_data_dir()
    call_command("migrate", interactive=False, verbosity=1)
    if not args.no_demo:
        call_command("seed_demo")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """granian (HTTP in Rust, the app in worker processes): docs/adr/0007.

    Each worker runs the WSGI app in a small pool of threads: as many as the
    booking requests it works on at once, and two more that answer "busy, try
    again at HH:MM" (booking/overload.py) while those run, instead of leaving
    requests queued until they time out. More threads only fight over the
    interpreter lock (bench/booking: 32 threads served 20% fewer bookings
    than 8). A worker that dies is started again.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    _django(args.city, args.settings)
    from django.conf import settings
    from django.core.management import call_command

    _prepare_data_dir()
    call_command("migrate", interactive=False, verbosity=0)
    if settings.STATIC_ROOT:
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connections

    connections.close_all()  # never share a connection with the workers
    places = settings.BOOKING_CONCURRENT_REQUESTS
    threads = args.threads if args.threads is not None else places + 2
    if threads <= places:
        from .language import user_language

        print(f"madoguchi serve: --threads {threads} は BOOKING_CONCURRENT_REQUESTS（{places}）以下です。"
              "混雑時に「混み合っています」と即答できず、要求が待たされます。--threads を増やしてください。"
              if user_language() == "ja" else
              f"madoguchi serve: --threads {threads} is not more than BOOKING_CONCURRENT_REQUESTS ({places}): "
              "a saturated process will queue requests instead of answering 'busy' at once; give more threads",
              file=sys.stderr)
    live = _start_live_server(args)
    mail = None if args.no_mail_sender else MailSender(args.settings)
    try:
        _serve_wsgi(args, threads)
    finally:
        if mail is not None:
            mail.stop()
        if live is not None and live.poll() is None:
            live.terminate()
            try:
                live.wait(timeout=10)
            except subprocess.TimeoutExpired:
                live.kill()
    return 0


class MailSender:
    """`madoguchi notices sender` beside the workers, started again if it dies (docs/adr/0028).

    The workers then only write a mail's Notice row in the booking's transaction:
    MADOGUCHI_MAIL_AT_ONCE is set to 0 for them, unless the environment sets it."""

    RESTART_SECONDS = 5.0

    def __init__(self, settings_module: str) -> None:
        import threading

        from django.conf import settings

        if "MADOGUCHI_MAIL_AT_ONCE" not in os.environ:
            os.environ["MADOGUCHI_MAIL_AT_ONCE"] = "0"
            settings.MADOGUCHI_MAIL_AT_ONCE = False  # workers forked from here see it too
        self.command = [sys.executable, "-m", "madoguchi.cli.main", "notices", "sender"]
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        self.stopping = threading.Event()
        self.proc = self._start()
        self.watch = threading.Thread(target=self._keep, name="madoguchi-mail-sender", daemon=True)
        self.watch.start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(self.command, env=self.env)

    def _keep(self) -> None:
        while True:
            code = self.proc.wait()
            if self.stopping.wait(self.RESTART_SECONDS):
                return
            print(f"madoguchi serve: the mail sender stopped ({code}); starting it again", file=sys.stderr)
            self.proc = self._start()

    def stop(self) -> None:
        self.stopping.set()
        if self.proc.poll() is None:
            self.proc.terminate()  # it finishes the mail in hand
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _start_live_server(args: argparse.Namespace) -> subprocess.Popen | None:
    """The queue's live screens: granian's ASGI interface in its own processes (docs/adr/0013).

    A stream waits on an event loop, so one process holds thousands; the WSGI
    threads stay for requests that finish. The pages learn the port from
    QUEUE_LIVE_PORT (set here for the WSGI workers unless already set)."""
    port = args.live_port if args.live_port is not None else int(os.environ.get("MADOGUCHI_LIVE_PORT") or args.port + 1)
    if port == 0:
        return None
    from django.conf import settings

    os.environ.setdefault("QUEUE_LIVE_PORT", str(port))
    settings.QUEUE_LIVE_PORT = os.environ["QUEUE_LIVE_PORT"]  # workers forked from here see it too
    return subprocess.Popen([
        sys.executable, "-m", "granian", "--interface", "asgi", "--host", args.host, "--port", str(port),
        "--workers", str(max(1, args.live_workers)), "--backlog", str(max(128, args.backlog)),
        "--backpressure", "20000", "--no-ws", "--respawn-failed-workers", "--workers-kill-timeout", "10",
        *(["--no-access-log"] if args.no_access_log else ["--access-log"]),
        "madoguchi.queue.asgi:application",
    ], env={**os.environ, "DJANGO_SETTINGS_MODULE": args.settings})


def _serve_wsgi(args: argparse.Namespace, threads: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "madoguchi.wsgi:application",  # Django behind the booking gate (booking/gate.py)
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=max(1, args.workers),
        blocking_threads=max(1, threads),
        backlog=max(128, args.backlog),
        websockets=False,
        log_access=not args.no_access_log,
        respawn_failed_workers=True,
        workers_kill_timeout=10,
    ).serve()


def cmd_manage(args: argparse.Namespace) -> int:
    _django(args.city)
    from django.core.management import execute_from_command_line

    _prepare_data_dir()
    execute_from_command_line(["madoguchi manage", *args.rest])
    return 0
