"""`madoguchi manage verify_audit`: check the audit log's hash chain; exit 1 if broken."""

from django.core.management.base import BaseCommand, CommandError

from madoguchi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (監査ログの改ざん検査)."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"監査ログの連鎖が壊れています / audit chain broken at entry {report.first_bad_id} "
                f"after {report.checked} good entries: {report.problem}"
            )
        self.stdout.write(f"監査ログは正常です / audit chain intact: {report.checked} entries")
