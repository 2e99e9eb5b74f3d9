"""Database guards that hold whatever path a change takes (ORM, bulk update, cascade, raw SQL, dbshell).

- The audit log (statements_statementevent) is append-only: UPDATE and DELETE are refused
  (and TRUNCATE on PostgreSQL).
- A statement row that was ever published (status published/retracted, or published_at set)
  cannot be deleted; retraction is the only way out.

One documented exception: while the table `statements_integrity_maintenance` holds a row, the
guards stand aside. Only `manage.py flush` (statements/management/commands/flush.py: the test
runner's teardown and an explicit wipe of the whole database) writes that row, inside its own
transaction, so no other connection ever sees it. See docs/reliability.md.
"""

from django.db import migrations

MAINTENANCE = "statements_integrity_maintenance"
LOG_MESSAGE = "The audit log is append-only: events cannot be changed or deleted."
DELETE_MESSAGE = "A statement that was published cannot be deleted; retract it with a public reason."
NOT_MAINTENANCE = f"NOT EXISTS (SELECT 1 FROM {MAINTENANCE})"
WAS_PUBLISHED = "(OLD.status IN ('published', 'retracted') OR OLD.published_at IS NOT NULL)"

SQLITE_FORWARD = [
    f"CREATE TABLE IF NOT EXISTS {MAINTENANCE} (reason text NOT NULL)",
    f"""CREATE TRIGGER statementevent_no_update BEFORE UPDATE ON statements_statementevent
        WHEN {NOT_MAINTENANCE}
        BEGIN SELECT RAISE(ABORT, '{LOG_MESSAGE}'); END""",
    f"""CREATE TRIGGER statementevent_no_delete BEFORE DELETE ON statements_statementevent
        WHEN {NOT_MAINTENANCE}
        BEGIN SELECT RAISE(ABORT, '{LOG_MESSAGE}'); END""",
    f"""CREATE TRIGGER statement_no_delete_published BEFORE DELETE ON statements_statement
        WHEN {WAS_PUBLISHED} AND {NOT_MAINTENANCE}
        BEGIN SELECT RAISE(ABORT, '{DELETE_MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS statement_no_delete_published",
    "DROP TRIGGER IF EXISTS statementevent_no_delete",
    "DROP TRIGGER IF EXISTS statementevent_no_update",
    f"DROP TABLE IF EXISTS {MAINTENANCE}",
]

# restrict_violation (23001) reaches Django as IntegrityError, like the SQLite ABORT above.
POSTGRES_FORWARD = [
    f"CREATE TABLE IF NOT EXISTS {MAINTENANCE} (reason text NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION statements_refuse_event_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF {NOT_MAINTENANCE} THEN
                RAISE EXCEPTION '{LOG_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION statements_refuse_published_delete() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                IF {NOT_MAINTENANCE} THEN
                    RAISE EXCEPTION '{DELETE_MESSAGE}' USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NULL;
            END IF;
            IF {WAS_PUBLISHED} AND {NOT_MAINTENANCE} THEN
                RAISE EXCEPTION '{DELETE_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN OLD;
        END $$""",
    """CREATE TRIGGER statementevent_no_update BEFORE UPDATE ON statements_statementevent
        FOR EACH ROW EXECUTE FUNCTION statements_refuse_event_change()""",
    """CREATE TRIGGER statementevent_no_delete BEFORE DELETE ON statements_statementevent
        FOR EACH ROW EXECUTE FUNCTION statements_refuse_event_change()""",
    """CREATE TRIGGER statementevent_no_truncate BEFORE TRUNCATE ON statements_statementevent
        FOR EACH STATEMENT EXECUTE FUNCTION statements_refuse_event_change()""",
    """CREATE TRIGGER statement_no_delete_published BEFORE DELETE ON statements_statement
        FOR EACH ROW EXECUTE FUNCTION statements_refuse_published_delete()""",
    """CREATE TRIGGER statement_no_truncate BEFORE TRUNCATE ON statements_statement
        FOR EACH STATEMENT EXECUTE FUNCTION statements_refuse_published_delete()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS statement_no_truncate ON statements_statement",
    "DROP TRIGGER IF EXISTS statement_no_delete_published ON statements_statement",
    "DROP TRIGGER IF EXISTS statementevent_no_truncate ON statements_statementevent",
    "DROP TRIGGER IF EXISTS statementevent_no_delete ON statements_statementevent",
    "DROP TRIGGER IF EXISTS statementevent_no_update ON statements_statementevent",
    "DROP FUNCTION IF EXISTS statements_refuse_published_delete()",
    "DROP FUNCTION IF EXISTS statements_refuse_event_change()",
    f"DROP TABLE IF EXISTS {MAINTENANCE}",
]
STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_REVERSE),
}


def _run(schema_editor, direction):
    # Other databases get no triggers: the ORM guards (querysets, models) still hold there.
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    for statement in statements[direction] if statements else ():
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def reverse(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("statements", "0003_search_index")]

    operations = [migrations.RunPython(forward, reverse)]
