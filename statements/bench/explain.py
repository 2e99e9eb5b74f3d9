"""Where an operation's time goes: each query it runs, re-timed alone, with the plan of the slow ones.

`manage.py bench --explain` prints this under the table: the quickest way from a slow number
to the query (and the index or the rewrite) behind it.
"""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def slow_queries(call, threshold_ms=1.0):
    """[(ms, sql, plan lines)] for the queries of one `call(0)` slower than `threshold_ms` when re-run alone."""
    with CaptureQueriesContext(connection) as captured:
        call(0)
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        ms = _time(sql)
        if ms is not None and ms >= threshold_ms:
            found.append((ms, sql, plan(sql)))
    return sorted(found, key=lambda item: -item[0])


def _time(sql, runs=3):
    times = []
    try:
        with connection.cursor() as cursor:
            for _ in range(runs):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
    except Exception:  # a logged query is not always re-runnable text (quoting); skip it
        return None
    return statistics.median(times)


def plan(sql):
    """The engine's plan for `sql`: EXPLAIN QUERY PLAN (SQLite) or EXPLAIN ANALYZE (PostgreSQL)."""
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    except Exception as error:  # the plan is a diagnostic: report why it is missing
        return [f"(no plan: {error})"]
    return [" | ".join(str(c) for c in row[-1:]) if connection.vendor == "sqlite" else row[0] for row in rows]


def write(op_name, found, out, limit=3):
    for ms, sql, lines in found[:limit]:
        out.write(f"  {op_name}: {ms:.1f} ms  {sql[:300]}{'…' if len(sql) > 300 else ''}")
        for line in lines[:12]:
            out.write(f"      {line}")
