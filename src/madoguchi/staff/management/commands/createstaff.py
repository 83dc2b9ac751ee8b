"""`madoguchi manage createstaff --username U --role clerk`

Creates a staff account and prints, once, what the person needs to enrol their
authenticator app: the otpauth URI and the same as a QR code in the terminal.
The password is asked for twice (or read from MADOGUCHI_STAFF_PASSWORD, for
scripts), never taken on the command line where shell history would keep it.
"""

from __future__ import annotations

import getpass
import io
import os

import segno
from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import Actor
from madoguchi.core.roles import Role
from madoguchi.staff.services import StaffAccountError, create_staff

PASSWORD_ENV = "MADOGUCHI_STAFF_PASSWORD"


def terminal_qr(uri: str) -> str:
    out = io.StringIO()
    segno.make(uri, error="m").terminal(out=out, compact=True)
    return out.getvalue()


class Command(BaseCommand):
    help = "Create a staff account (role clerk, supervisor or administrator) and show its TOTP enrolment once."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--no-qr", action="store_true", help="print the otpauth URI only")

    def _password(self) -> str:
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        first = getpass.getpass("Password / パスワード: ")
        if first != getpass.getpass("Again / もう一度: "):
            raise CommandError("the two passwords differ; run the command again / パスワードが一致しません。もう一度実行してください")
        return first

    def handle(self, *args, **options):
        try:
            enrolment = create_staff(Actor("command-line", "administrator"), username=options["username"], role=options["role"], password=self._password())
        except StaffAccountError as e:
            raise CommandError(f"{e.message_en} / {e.message_ja}") from e
        self.stdout.write(f"Created staff user {options['username']} ({options['role']}).")
        self.stdout.write("Scan this once in an authenticator app; it is not shown again / 認証アプリで読み取ってください（再表示されません）:")
        if not options["no_qr"]:
            self.stdout.write(terminal_qr(enrolment.uri))
        self.stdout.write(enrolment.uri)
