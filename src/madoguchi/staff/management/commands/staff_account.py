"""`madoguchi manage staff_account list | disable U | enable U | reset-totp U`

Disabling an account (someone leaves or moves) ends its logins and revokes its
API tokens; nothing is deleted, so the audit log keeps naming who did what.
`reset-totp` is for a lost or replaced phone: it prints the new enrolment once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.staff.management.commands.createstaff import terminal_qr
from madoguchi.staff.models import StaffProfile
from madoguchi.staff.services import StaffAccountError, reset_totp, set_active

ACTOR = Actor("command-line", "administrator")


class Command(BaseCommand):
    help = "List staff accounts, disable or enable one, or give one a new TOTP secret."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every staff account: username, role, active")
        for name in ("disable", "enable", "reset-totp"):
            sub.add_parser(name).add_argument("username")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "list":
                for p in StaffProfile.objects.select_related("user").order_by("user__username"):
                    self.stdout.write(f"{p.user.username}\t{p.role}\t{'active' if p.active else 'disabled'}")
            elif action in ("disable", "enable"):
                set_active(ACTOR, username=options["username"], active=action == "enable")
                self.stdout.write(f"{options['username']}: {action}d")
            else:
                enrolment = reset_totp(ACTOR, username=options["username"])
                self.stdout.write("Scan this once; the old codes no longer work / 認証アプリで読み取ってください（再表示されません）:")
                self.stdout.write(terminal_qr(enrolment.uri))
                self.stdout.write(enrolment.uri)
        except StaffAccountError as e:
            raise CommandError(f"{e.message_en} / {e.message_ja}") from e
