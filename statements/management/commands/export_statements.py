"""manage.py export_statements --format jsonl|csv|claimreview [filters] > file: published statements only."""

import sys

from django.core.management.base import BaseCommand, CommandError

from statements import exports
from statements.filters import StatementFilter
from statements.models import Statement

FILTERS = ("q", "speaker", "topic", "outlet", "country", "medium", "verdict", "language", "said_after",
           "said_before")


class Command(BaseCommand):
    help = "Write the published statements (optionally filtered, as on the timeline) to stdout."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(exports.WRITERS), default="jsonl")
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"Same as ?{name}= on the timeline.")

    def handle(self, *args, **options):
        data = {name: options[name] for name in FILTERS if options.get(name) is not None}
        filterset = StatementFilter(data=data, queryset=Statement.objects.published())
        if not filterset.is_valid():
            errors = "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(errors)
        # Bytes straight to stdout: the export is UTF-8 whatever the terminal's locale.
        out = getattr(self.stdout._out, "buffer", None)
        for chunk in exports.WRITERS[options["format"]](filterset.qs):
            if out is not None:
                out.write(chunk.encode("utf-8"))
            else:
                self.stdout._out.write(chunk)
        if out is not None:
            out.flush()
        sys.stdout.flush()
