"""`manage.py flush`: back to the freshly migrated state, past the archive's delete guards.

Emptying the whole database is the one legitimate way to remove published statements and
audit events: the test runner does it after each transactional test, an operator may do it to
start over. Two differences from Django's own flush:

- It runs inside `statements.guards.maintenance`, so the triggers of migration 0004 (which
  refuse Django's DELETE on SQLite and TRUNCATE on PostgreSQL) stand aside for this
  transaction only.
- It keeps the rows that migrations create as reference data: the desk groups of migration
  0002 with their permissions (and the content types and permissions they point to). Django's
  flush would empty them and only post_migrate data comes back, so after one transactional
  test every later test in the same process would find no Editors or Reviewers group.
"""

import contextlib
from importlib import import_module

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections

from statements.guards import maintenance

# Reference data written by migrations; nothing in them is user content.
KEEP = frozenset({"auth_group", "auth_group_permissions", "auth_permission", "django_content_type"})

PROMPT = """You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "%s" database, published statements
and their audit log included, and return each table to its freshly migrated state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: """


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        # Ask before the transaction starts, so no lock is held while a person types.
        if options["interactive"] and input(PROMPT % connection.settings_dict["NAME"]) != "yes":
            self.stdout.write("Flush cancelled.")
            return
        for app_config in apps.get_app_configs():  # as Django's flush: register post_migrate handlers
            with contextlib.suppress(ImportError):
                import_module(".management", app_config.name)
        tables = [
            table for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
            if table not in KEEP
        ]
        sql_list = connection.ops.sql_flush(
            no_style(), tables, reset_sequences=options.get("reset_sequences", True),
            allow_cascade=options.get("allow_cascade", False),
        )
        try:
            with maintenance("manage.py flush", using=database):
                connection.ops.execute_sql_flush(sql_list)
        except Exception as error:
            raise CommandError(f"Database {connection.settings_dict['NAME']} couldn't be flushed: {error}") from error
        if sql_list and not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], False, database)
