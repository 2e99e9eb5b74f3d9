"""`manage.py verify_archive`: recompute every hash and chain; exit non-zero on any mismatch."""

from django.core.management.base import BaseCommand, CommandError

from statements.integrity import verify_archive


class Command(BaseCommand):
    help = (
        "Recompute each public statement's SHA-256 from its approved revision and its live columns, "
        "every revision's hash, and every audit log's hash chain. Exits 1 and names each statement "
        "on any mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows fetched per query.")

    def handle(self, *args, batch_size, **options):
        report = verify_archive(batch_size=batch_size)
        for statement_id, message in report.problems:
            where = f"statement #{statement_id}" if statement_id else "archive"
            self.stderr.write(f"{where}: {message}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
