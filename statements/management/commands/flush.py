"""`manage.py flush`, run past the archive's delete guards (migration 0004).

Emptying the whole database is the one legitimate way to remove published statements and
audit events: the test runner does it between transactional tests, an operator may do it to
start over. Django's flush issues DELETE (SQLite) or TRUNCATE (PostgreSQL), which the guards
refuse; here it runs inside `statements.guards.maintenance`, so they stand aside for this
transaction only.
"""

from django.core.management.commands import flush
from django.db import connections

from statements.guards import maintenance

PROMPT = """You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "%s" database, published statements
and their audit log included, and return each table to an empty state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: """


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        # Ask before the transaction starts, so no lock is held while a person types.
        if options["interactive"] and input(PROMPT % connections[database].settings_dict["NAME"]) != "yes":
            self.stdout.write("Flush cancelled.")
            return
        with maintenance("manage.py flush", using=database):
            super().handle(**{**options, "interactive": False})
