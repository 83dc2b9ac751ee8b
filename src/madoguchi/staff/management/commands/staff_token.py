"""`madoguchi manage staff_token create --username U [--name N] [--days D] | list | revoke ID`

API tokens for the staff API. A new token is printed once; only its SHA-256 is kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from madoguchi.core import clock
from madoguchi.audit.services import Actor
from madoguchi.staff.models import ApiToken
from madoguchi.staff.services import StaffAccountError, create_api_token, revoke_api_token

ACTOR = Actor("command-line", "administrator")


class Command(BaseCommand):
    help = "Create, list or revoke staff API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token for a staff user; shown once")
        create.add_argument("--username", required=True)
        create.add_argument("--name", default="api", help="what the token is for, e.g. the terminal or script")
        create.add_argument("--days", type=int, default=None, help="days it works (default MADOGUCHI_API_TOKEN_DAYS, 90; at most 366)")
        sub.add_parser("list", help="every token: id, prefix, user, name, created, last used, active until / expired / revoked")
        revoke = sub.add_parser("revoke", help="revoke a token by its id (see list)")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except StaffAccountError as e:
            raise CommandError(f"{e.message_en} / {e.message_ja}") from e

    def _create(self, options):
        token, plain = create_api_token(ACTOR, username=options["username"], name=options["name"], days=options["days"])
        self.stdout.write(f"Token {token.pk} for {options['username']}, valid until {token.expires_at:%Y-%m-%d %H:%M} "
                          "(shown once; keep it secret / 一度だけ表示します):")
        self.stdout.write(plain)

    def _list(self, options):
        for t in ApiToken.objects.select_related("user").order_by("id"):
            if t.revoked_at:
                state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}"
            elif t.expires_at <= clock.now():
                state = f"expired {t.expires_at:%Y-%m-%d}"
            else:
                state = f"active until {t.expires_at:%Y-%m-%d}"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.user.username}\t{t.name}\t{t.created_at:%Y-%m-%d}\tlast used {used}\t{state}")

    def _revoke(self, options):
        token = revoke_api_token(ACTOR, token_id=options["id"])
        self.stdout.write(f"Token {token.pk} ({token.name}) is revoked.")
