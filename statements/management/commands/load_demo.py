"""`manage.py load_demo [--accounts]`: the statements of the two seed articles, in every desk state."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from statements import demo
from statements.models import Correction, Source, Speaker, Status, Verdict
from statements.workflow import WorkflowError


class Command(BaseCommand):
    help = (
        "Load the demo statements from the two seed articles (safe to run again: nothing is duplicated "
        "or reset). --accounts also creates the demo logins editor, reviewer and admin (DEBUG only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", action="store_true",
            help="Create the demo logins with their fixed passwords (only with DEBUG on) and print them.",
        )

    def handle(self, *args, accounts=False, **options):
        if accounts and not settings.DEBUG:
            raise CommandError(
                "--accounts creates logins whose passwords are printed and published; it runs only with "
                "DEBUG=1 (a development machine). Create real accounts with `manage.py createsuperuser`."
            )
        try:
            result = demo.load(accounts=accounts)
        except (WorkflowError, ValidationError) as error:
            raise CommandError(f"The demo could not be loaded: {getattr(error, 'message', error)}") from error
        self._print_summary(result)
        if accounts:
            self._print_accounts(result.accounts)

    def _print_summary(self, result):
        states = ", ".join(f"{result.by_status.get(s, 0)} {label.lower()}" for s, label in Status.choices)
        self.stdout.write(self.style.SUCCESS(
            f"Demo statements: {result.created} created, {result.kept} already there. By status: {states}."
        ))
        self.stdout.write(
            f"Archive totals: {Speaker.objects.count()} speakers, {Source.objects.count()} sources, "
            f"{Verdict.objects.filter(status='published').count()} published verdicts, "
            f"{Correction.objects.count()} public correction and retraction notes."
        )

    def _print_accounts(self, accounts):
        self.stdout.write("Demo accounts (development only; sign in at /admin/):")
        for account, created in accounts:
            kept = "" if created else "  (already existed, kept as it was)"
            self.stdout.write(f"  {account.username:<9} password {account.password:<19} {account.role}{kept}")
