"""manage.py import_statements FILE [--as EDITOR] [--publish-as REVIEWER]: JSONL or CSV in the export's format."""

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from statements import imports
from statements.roles import EDITORS, is_editor, is_reviewer

SYSTEM_USER = "importer"


class Command(BaseCommand):
    help = (
        "Import statements as drafts for review (or published, with --publish-as, for migrating an archive). "
        "Idempotent on external_id; committed in batches; bad lines are reported with their number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Default: from the file's extension.")
        parser.add_argument("--as", dest="editor", help=f"Editor who creates them (default: {SYSTEM_USER}).")
        parser.add_argument("--publish-as", dest="reviewer", help="A reviewer who approves them on import.")
        parser.add_argument("--batch", type=int, default=imports.BATCH, help="Statements per transaction.")

    def handle(self, *args, **options):
        editor = self._editor(options["editor"])
        reviewer = self._reviewer(options["reviewer"], editor)
        try:
            records = imports.read_records(options["file"], options["format"])
            progress = _Progress(options["file"]) if self.stdout.isatty() else None
            report = imports.import_records(
                records, actor=editor, publisher=reviewer, batch=max(options["batch"], 1),
                progress=progress and progress.advance,
            )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        if progress:
            progress.done()
        for number, reason in report.failed:
            self.stderr.write(f"line {number}: {reason}")
        state = "published" if reviewer else "drafts for review"
        self.stdout.write(f"{report.created} imported ({state}), {report.skipped} already present, "
                          f"{len(report.failed)} refused.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} line(s) refused; the others were imported.")

    def _editor(self, username):
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None or not is_editor(user):
                raise CommandError(f"{username!r} is not an active editor.")
            return user
        user, created = User.objects.get_or_create(username=SYSTEM_USER, defaults={"is_active": True})
        if created:
            user.set_unusable_password()  # a system account: nobody signs in as it
            user.save()
            user.groups.add(Group.objects.get(name=EDITORS))
        return user

    def _reviewer(self, username, editor):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not is_reviewer(user):
            raise CommandError(f"{username!r} is not an active reviewer.")
        if user.pk == editor.pk:
            raise CommandError("The publishing reviewer must be another account than the importing editor.")
        return user


class _Progress:
    """A one-line progress bar on stderr, for a terminal only."""

    def __init__(self, path):
        with open(path, "rb") as file:
            self.total = max(sum(1 for _ in file), 1)
        self.seen = 0

    def advance(self, count):
        self.seen = min(self.seen + count, self.total)
        filled = 30 * self.seen // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.seen}/{self.total} lines")
        sys.stderr.flush()

    def done(self):
        sys.stderr.write("\n")
