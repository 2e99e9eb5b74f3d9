"""Timing helpers: repeat a callable, keep the server time of each call, summarise as p50 / p95."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def repeat(call, *, reps=40, budget=3.0, warmup=2, min_reps=5):
    """Milliseconds per call: `warmup` untimed calls, then up to `reps` timed ones within `budget` seconds.

    `call(i)` gets the repetition number, so an operation can vary its input (another permalink).
    """
    for i in range(warmup):
        call(-1 - i)
    times, deadline = [], time.perf_counter() + budget
    for i in range(reps):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
        if i + 1 >= min_reps and time.perf_counter() > deadline:
            break
    return times


def p50(times):
    return round(statistics.median(times), 3) if times else None


def p95(times):
    if not times:
        return None
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 3)


def count_queries(call):
    """How many SQL queries one call runs (with Django's query log forced on for that call only)."""
    with CaptureQueriesContext(connection) as captured:
        call(0)
    return len(captured.captured_queries)
