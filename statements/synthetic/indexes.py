"""Loading without the secondary indexes, then building each once: sorting a million keys is far
cheaper than a million random inserts into a dozen b-trees (text hashes, slugs and event hashes
arrive in random order).

The definitions are read from the catalog (pg_index/pg_constraint, sqlite_master), never written
here, so each index comes back exactly as the migrations made it. Drop, load and rebuild run in one
transaction (DDL is transactional on both engines): an interrupted run rolls back whole, the
indexes included, and never leaves the archive without them. The tables stay locked until the
commit (on PostgreSQL even readers wait): this is for building a corpus, not for a live archive.
"""

import contextlib

from django.db import transaction

# Primary keys stay (foreign keys depend on them; ids arrive in order, so they only append), as do
# indexes a foreign key relies on and SQLite's automatic ones (part of the table, sql IS NULL).
POSTGRES_INDEXES = """
SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %%s', i.indexrelid::regclass)
            ELSE format('ALTER TABLE %%s DROP CONSTRAINT %%I', i.indrelid::regclass, c.conname) END,
       CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', i.indrelid::regclass, c.conname,
                        pg_get_constraintdef(c.oid)) END
FROM pg_index i
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x')
WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
ORDER BY i.indexrelid
"""
SQLITE_INDEXES = """
SELECT 'DROP INDEX "' || replace(name, '"', '""') || '"', sql FROM sqlite_master
WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name
"""


def secondary_indexes(connection, tables):
    """(drop, create) SQL for each secondary index of `tables`, as the database defines it now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_INDEXES, [list(tables)])
        else:
            cursor.execute(SQLITE_INDEXES.format(marks=", ".join(["%s"] * len(tables))), list(tables))
        return cursor.fetchall()


@contextlib.contextmanager
def rebuilt_after(connection, tables):
    """One transaction: drop the secondary indexes, let the caller load, create them again."""
    with transaction.atomic(using=connection.alias):
        indexes = secondary_indexes(connection, tables)
        # (A larger maintenance_work_mem made no difference here: 64 MB per parallel worker suffices.)
        with connection.cursor() as cursor:
            for drop, _ in indexes:
                cursor.execute(drop)
        yield
        with connection.cursor() as cursor:
            for _, create in indexes:
                cursor.execute(create)
