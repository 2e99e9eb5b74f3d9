"""The database guards of migration 0004: their names, a check that they are installed, and the one way past them.

The triggers refuse UPDATE/DELETE of audit events and DELETE of any statement that was ever
published, whatever path the change takes. On SQLite a later migration that rebuilds one of
these tables (Django's "remake table" for some ALTERs) would drop its triggers silently, so
verify_archive and the test suite check that they are all still there.
"""

import contextlib

from django.db import connections, transaction

MAINTENANCE_TABLE = "statements_integrity_maintenance"
TRIGGERS = {
    "sqlite": {
        "statementevent_no_update": "statements_statementevent",
        "statementevent_no_delete": "statements_statementevent",
        "statement_no_delete_published": "statements_statement",
    },
    "postgresql": {
        "statementevent_no_update": "statements_statementevent",
        "statementevent_no_delete": "statements_statementevent",
        "statementevent_no_truncate": "statements_statementevent",
        "statement_no_delete_published": "statements_statement",
        "statement_no_truncate": "statements_statement",
    },
}
_INSTALLED_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}


def missing_guards(using="default"):
    """Names of the expected triggers that the database does not have (empty when all are there)."""
    connection = connections[using]
    expected = TRIGGERS.get(connection.vendor, {})
    if not expected:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_INSTALLED_SQL[connection.vendor])
        installed = {row[0] for row in cursor.fetchall()}
    return sorted(set(expected) - installed)


@contextlib.contextmanager
def maintenance(reason, using="default"):
    """Let the guards stand aside for one transaction, e.g. `manage.py flush` emptying the whole database.

    The marker row is written and removed inside the same transaction, so no other connection
    ever sees it. Nothing in the application calls this; see docs/reliability.md.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        installed = MAINTENANCE_TABLE in connection.introspection.table_names()
        if installed:
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {MAINTENANCE_TABLE} (reason) VALUES (%s)", [reason])  # noqa: S608
        yield
        if installed:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {MAINTENANCE_TABLE}")  # noqa: S608
