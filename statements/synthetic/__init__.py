"""A realistic synthetic corpus for benchmarks and scale tests: `generate(count, seed)`.

Every statement is published with valid workflow fields (created by one system user,
approved by another), an applied Revision holding its content, the matching content
hash, and one audit event ("published") hash-chained like the workflow's own, so the
public pages, the API and `verify_archive` treat it like any other. External ids are
`synthetic:<seed>:<n>`: a run adds statements up to `count` and reuses those already there.
"""

import collections
import contextlib
import multiprocessing
import os
import time

from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max

from ..models import Revision, Statement
from .bulk import writer_for
from .catalog import build_catalog
from .rows import CHUNK, Generator

_generator = None  # set before the worker processes fork; they inherit it


def migrate_if_needed():
    """Apply pending migrations only (`migrate` also runs post-migrate work, slow at a million rows)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def existing_count(seed):
    """How many statements of this seed are already there (they are numbered 0..n-1)."""
    return Statement.objects.filter(external_id__startswith=f"synthetic:{seed}:").count()


def generate(count, seed=1, log=print, workers=None):
    """Add synthetic published statements until `count` of this seed exist; returns a timing dict."""
    started = time.perf_counter()
    have = existing_count(seed)
    if have >= count:
        log(f"{have:,} synthetic statements (seed {seed}) already there: reusing them.")
        return {"created": 0, "seconds": 0.0}
    catalog = build_catalog()
    global _generator
    _generator = Generator(seed, catalog)
    tasks = _tasks(have, count)
    writer = writer_for(connection)
    done, writing = 0, 0.0
    with _batches(tasks, workers) as batches, writer.bulk_mode(adding=count - have):
        for batch in batches:
            began = time.perf_counter()
            writer.write(batch)
            writing += time.perf_counter() - began
            done += len(batch.statements)
            log(f"  {have + done:,} / {count:,} statements ({time.perf_counter() - started:.0f} s, "
                f"{writing:.0f} s writing)")
    loaded = time.perf_counter()
    writer.finish()
    if writer.search_indexed:
        log("Search index built as the statements were written.")
    else:
        _rebuild_search_index(log)
    seconds = time.perf_counter() - started
    log(f"{done:,} statements in {seconds:.0f} s (load {loaded - started:.0f} s, index and statistics "
        f"{seconds - (loaded - started):.0f} s).")
    return {"created": done, "seconds": seconds}


def _tasks(have, count):
    """(start, stop, first statement id, first revision id) per chunk, ids reserved up front."""
    statement_id = (Statement.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    revision_id = (Revision.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    tasks, start = [], have
    while start < count:
        stop = min(count, (start // CHUNK + 1) * CHUNK)
        offset = start - have
        tasks.append((start, stop, statement_id + offset, revision_id + offset))
        start = stop
    return tasks


def _make_batch(task):
    return _generator.batch(*task)


@contextlib.contextmanager
def _batches(tasks, workers):
    """Generate in worker processes while this one writes (row building is pure Python)."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(tasks) <= 1 or connection.in_atomic_block:
        yield map(_make_batch, tasks)
        return
    connections.close_all()  # forked children must not share the database socket
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield _bounded(pool, tasks, ahead=workers + 1)


def _bounded(pool, tasks, ahead):
    """Batches in order, with at most `ahead` generated and not yet written.

    (Pool.imap would run every task as fast as the workers can and keep every finished batch
    in memory until the writer gets to it: gigabytes at a million statements.)
    """
    pending = collections.deque()
    for task in tasks:
        pending.append(pool.apply_async(_make_batch, (task,)))
        if len(pending) > ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _rebuild_search_index(log):
    try:
        from ..search.index import rebuild_index
    except ImportError:
        log("Search index: statements.search.index.rebuild_index not found; nothing rebuilt.")
        return
    started = time.perf_counter()
    rebuild_index()
    log(f"Search index rebuilt in {time.perf_counter() - started:.0f} s.")
