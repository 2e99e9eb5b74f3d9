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
    started = time.perf_counter()
    response = Client().get(url)
    size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "status": response.status_code, "streaming": response.streaming, "bytes": size, "seconds": seconds,
        "peak_mb": peak / 1024, "baseline_mb": baseline / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
