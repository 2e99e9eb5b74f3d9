"""Bulk writers: SQLite executemany in one transaction per chunk, PostgreSQL COPY.

The ORM would spend minutes on a million rows (one INSERT per batch, signals, save()); the
rows here are complete and consistent by construction, so they go straight to the tables.
Each chunk is one transaction: an interrupted run leaves whole chunks, and the next run
continues after them.
"""

import contextlib

from django.core.management.color import no_style
from django.db import connection, transaction

from ..models import Revision, Source, Statement, StatementEvent
from .rows import EVENT_COLUMNS, REVISION_COLUMNS, SOURCE_COLUMNS, STATEMENT_COLUMNS, TOPIC_COLUMNS

TABLES = (
    (Statement._meta.db_table, STATEMENT_COLUMNS, "statements"),
    (Revision._meta.db_table, REVISION_COLUMNS, "revisions"),
    (Source._meta.db_table, SOURCE_COLUMNS, "sources"),
    (Statement.topics.through._meta.db_table, TOPIC_COLUMNS, "topics"),
    (StatementEvent._meta.db_table, EVENT_COLUMNS, "events"),
)


def writer_for(conn=connection):
    """The fastest loader for the connection's engine."""
    return PostgresWriter(conn) if conn.vendor == "postgresql" else SqliteWriter(conn)


class SqliteWriter:
    def __init__(self, conn):
        self.conn = conn

    @contextlib.contextmanager
    def bulk_mode(self):
        """No fsync and no per-row foreign-key checks while loading; both restored after."""
        self.conn.ensure_connection()
        if self.conn.in_atomic_block:  # inside a caller's transaction (a test): load as it is
            yield
            return
        raw = self.conn.connection
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB while loading: indexes stay in memory
        raw.execute("PRAGMA temp_store=MEMORY")
        try:
            yield
        finally:
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA cache_size=-65536")
            raw.execute("PRAGMA foreign_keys=ON")

    def write(self, batch):
        with transaction.atomic(using=self.conn.alias):
            cursor = self.conn.connection.cursor()
            for table, columns, attr in TABLES:
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" * len(columns))
                sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 (our own table names)
                cursor.executemany(sql, getattr(batch, attr))

    def finish(self):
        """Fresh, exact planner statistics (seconds at a million rows).

        Not a sample (`analysis_limit`): a sampled `status` column looked selective (2,001 rows
        "per value" of a million), and the planner then sorted whole tables (docs/performance.md).
        """
        with self.conn.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=0")
            cursor.execute("ANALYZE")


class PostgresWriter:
    def __init__(self, conn):
        self.conn = conn

    @contextlib.contextmanager
    def bulk_mode(self):
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cursor.fetchone()[0])
        # Not inside a caller's transaction: SET LOCAL would outlive the load there.
        self.skip_triggers = superuser and not self.conn.in_atomic_block
        yield

    def write(self, batch):
        with transaction.atomic(using=self.conn.alias):
            cursor = self.conn.connection.cursor()
            if self.skip_triggers:
                # As pg_restore --disable-triggers: the rows are consistent by construction, and
                # millions of deferred foreign-key checks at commit would cost minutes.
                cursor.execute("SET LOCAL session_replication_role = replica")
            for table, columns, attr in TABLES:
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in getattr(batch, attr):
                        copy.write_row(row)

    def finish(self):
        """Sequences past the explicit ids, then VACUUM (visibility map for index-only scans) and ANALYZE."""
        with self.conn.cursor() as cursor:
            for sql in self.conn.ops.sequence_reset_sql(no_style(), [Statement, Revision]):
                cursor.execute(sql)
            # VACUUM cannot run inside a transaction (a test's, say): ANALYZE alone then.
            command = "ANALYZE" if self.conn.in_atomic_block else "VACUUM (ANALYZE)"
            for table, _, _ in TABLES:
                cursor.execute(f'{command} "{table}"')
