"""Bulk writers: SQLite executemany, PostgreSQL COPY.

The ORM would spend minutes on a million rows (one INSERT per batch, signals, save()); the
rows here are complete and consistent by construction, so they go straight to the tables.

A load that at least doubles the statements runs as one transaction (a "whole load") that drops
the secondary indexes and builds each once at the end (indexes.py), and fills the search index
chunk by chunk as it goes (search.index.rebuilt_while_loading); on SQLite it also writes through
a rollback journal instead of WAL when it can. An interrupted whole load leaves nothing of itself,
indexes intact, and the next run starts it again. A smaller load commits each chunk of 10,000
statements into the indexes as they are (an interrupted run leaves whole chunks, and the next run
continues after them), then rebuilds the search index once.
"""

import contextlib
import sqlite3

from django.core.management.color import no_style
from django.db import connection, transaction

from ..models import Outlet, Revision, Source, Speaker, SpeakerAlias, Statement, StatementEvent, Topic
from ..search.index import analyze_index, rebuilt_while_loading
from .indexes import rebuilt_after
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


def loads_whole(conn, adding):
    """Whether to load in one transaction that rebuilds every index: when the load at least doubles
    the statements there (rebuilding a larger archive's indexes would cost more than it saves).

    Never inside a caller's transaction (a test's): the load stays as plain as the caller's.
    """
    return not conn.in_atomic_block and adding > 0 and adding >= _statements_there(conn)


def _statements_there(conn):
    return Statement.objects.using(conn.alias).count()


class _Writer:
    def __init__(self, conn):
        self.conn = conn
        self.add_to_search = None  # during a whole load: the search index's add(first_id, last_id)
        self.search_indexed = False  # the whole load indexed its statements for search as it wrote them

    def write(self, batch):
        with transaction.atomic(using=self.conn.alias):
            cursor = self.conn.connection.cursor()
            self._write_tables(cursor, batch)
            if self.add_to_search and batch.statements:
                self.add_to_search(batch.statements[0][0], batch.statements[-1][0])

    def _write_tables(self, cursor, batch):
        raise NotImplementedError

    @contextlib.contextmanager
    def _loading(self, whole):
        """A whole load: drop the indexes, load and index for search chunk by chunk, rebuild, commit."""
        if not whole:
            yield
            return
        tables = [table for table, _, _ in TABLES]
        with rebuilt_after(self.conn, tables), rebuilt_while_loading(self.conn) as self.add_to_search:
            yield
        self.add_to_search, self.search_indexed = None, True


class SqliteWriter(_Writer):
    @contextlib.contextmanager
    def bulk_mode(self, adding=0):
        """No fsync and no per-row foreign-key checks while loading; both restored after."""
        self.conn.ensure_connection()
        if self.conn.in_atomic_block:  # inside a caller's transaction (a test): load as it is
            yield
            return
        whole = loads_whole(self.conn, adding)
        raw = self.conn.connection
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB while loading: indexes stay in memory
        raw.execute("PRAGMA temp_store=MEMORY")
        try:
            with rollback_journal(raw) if whole else contextlib.nullcontext(), self._loading(whole):
                yield
        finally:
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA cache_size=-65536")
            raw.execute("PRAGMA foreign_keys=ON")

    def _write_tables(self, cursor, batch):
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


@contextlib.contextmanager
def rollback_journal(raw):
    """A rollback journal instead of WAL for a whole load, when no other connection has the file open.

    Pages the load adds past the old end of the file need no journal, so they are written once,
    to the database (WAL writes each twice: to the log, then at the checkpoint; ~1.5 s per 100,000
    statements here). An interrupted load still rolls back: the journal holds the pages it changed.
    SQLite refuses the switch while another connection is open ("database is locked", at once:
    no busy wait), and the load then stays in WAL.
    """
    switched = False
    if raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        waits = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        raw.execute("PRAGMA busy_timeout=0")
        with contextlib.suppress(sqlite3.OperationalError):
            switched = raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
        raw.execute(f"PRAGMA busy_timeout={int(waits)}")
    try:
        yield
    finally:
        if switched:  # if this fails, every new connection turns WAL on again (settings.py)
            with contextlib.suppress(sqlite3.OperationalError):
                raw.execute("PRAGMA journal_mode=WAL")


class PostgresWriter(_Writer):
    @contextlib.contextmanager
    def bulk_mode(self, adding=0):
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cursor.fetchone()[0])
        # Not inside a caller's transaction: SET LOCAL would outlive the load there.
        self.skip_triggers = superuser and not self.conn.in_atomic_block
        with self._loading(loads_whole(self.conn, adding)):
            yield

    def _write_tables(self, cursor, batch):
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
            # The catalog too: without statistics PostgreSQL took 3,000 speakers for 165 and joined
            # each page row to a scan of them (4 ms of a 7 ms search).
            for model in (Speaker, SpeakerAlias, Topic, Outlet):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        if self.search_indexed:
            analyze_index(self.conn)
