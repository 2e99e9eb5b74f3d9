"""`manage.py rebuild_search_index`: index every published statement again, in one pass.

For bulk loads (generate_statements, imports) and after restoring a backup; day-to-day
publishing keeps the index in step by itself.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from statements.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the published statements."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        started = time.perf_counter()
        rebuild_index(connection)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt on {connection.vendor} in {elapsed:.1f} s."))
