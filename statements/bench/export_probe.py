"""Run one export in a fresh process and report its time and peak memory (as JSON on stdout).

`python -m statements.bench.export_probe URL`. A separate process, so the peak resident size
(getrusage's ru_maxrss) is the export's own and not the benchmark's.
"""

import json
import os
import resource
import sys
import time


def main(url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False  # no query log: a long export would otherwise keep every query in memory
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    response = Client().get(url)
    size, peak_anon = 0, _anon_kb()
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:  # a chunk is a batch of rows: reading /proc after each costs nothing in comparison
        size += len(chunk)
        peak_anon = max(peak_anon, _anon_kb())
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "status": response.status_code, "streaming": response.streaming, "bytes": size, "seconds": seconds,
        # This process's own CPU time: on a shared machine, steadier than `seconds` (not the database server's).
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak / 1024, "baseline_mb": baseline / 1024, "peak_anon_mb": max(peak_anon, _anon_kb()) / 1024,
    }))


def _anon_kb():
    """Resident memory the process allocated itself (RssAnon), without file pages it maps.

    SQLite memory-maps the database (PRAGMA mmap_size): those pages count in the peak resident
    size but are the operating system's file cache, shared and reclaimable, not the export's memory.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main(sys.argv[1])
