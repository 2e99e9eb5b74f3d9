"""`manage.py bench --count N`: the operations of issue 7 against a synthetic corpus, app vs limit vs naive."""

import json
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from statements.bench import explain as explain_queries
from statements.bench import machine, operations, report, scenario
from statements.bench.timing import count_queries, p50, p95, repeat
from statements.models import Statement
from statements.synthetic import generate, migrate_if_needed


class Command(BaseCommand):
    help = (
        "Build (or reuse) a synthetic corpus of COUNT statements, then time each operation of issue 7: "
        "the app in process, the raw SQL limit and the naive Django baseline. Writes var/bench/<engine>.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--only", default="", help="Comma-separated operation names (default: all).")
        parser.add_argument("--export-rows", type=int, default=100_000, help="Rows in the export measurement.")
        parser.add_argument("--no-naive", action="store_true", help="Skip the naive baseline (slow at 1M).")
        parser.add_argument("--explain", action="store_true", help="Show each operation's slow queries and plans.")

    def handle(self, *args, count, seed, only, export_rows, no_naive, explain, **options):
        migrate_if_needed()
        generate(count, seed=seed, log=self.stdout.write)
        engine = connection.vendor
        chosen = scenario.build(export_rows=export_rows)
        self.stdout.write(f"Corpus: {chosen.count:,} published statements on {engine}. {machine.describe()}")
        wanted = {name for name in only.split(",") if name}
        results = {}
        rates = {**settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}), "anon": "1000000/second"}
        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
            for op in operations.build(chosen):
                if wanted and op.name not in wanted:
                    continue
                results[op.name] = self._measure(op, not no_naive)
                self.stdout.write(f"  {op.name}: {results[op.name]['app_ms_p50']} ms")
                if explain:
                    explain_queries.write(op.name, explain_queries.slow_queries(op.app), self.stdout)
        if not wanted or "export_csv" in wanted:
            results["export_csv"] = self._export(chosen)
        self.stdout.write("")
        report.table(results, engine, self.stdout)
        meta = {"engine": engine, "statements": chosen.count, "machine": machine.facts(),
                "scenario": {k: v for k, v in vars(chosen).items() if k != "permalinks"}}
        path = report.save(results, engine, meta, merge=bool(wanted))
        self.stdout.write(f"\nWritten to {path}")

    def _measure(self, op, with_naive):
        """p50/p95 of the app, the limit's p50, the naive p50 and the app's query count."""
        debug = settings.DEBUG
        settings.DEBUG = False  # no query log while timing (it is not there in production)
        try:
            app = repeat(op.app, reps=op.reps)
            limit = self._reference(op, "limit", op.limit, reps=50, budget=2)
            naive = self._reference(op, "naive", op.naive if with_naive else None, reps=5, budget=3, warmup=1)
        finally:
            settings.DEBUG = debug
        return {
            "app_ms_p50": p50(app), "app_ms_p95": p95(app), "limit_ms_p50": p50(limit),
            "naive_ms_p50": p50(naive), "queries": count_queries(op.app), "reps": len(app), "target": op.target,
        }

    def _reference(self, op, kind, calls, **timing):
        """Times of a reference (of its fastest plan); an error (say, no search index yet) is reported, not fatal."""
        best = []
        for call in calls if isinstance(calls, list) else [calls] if calls else []:
            try:
                times = repeat(lambda i, call=call: call(), min_reps=3, **timing)
            except Exception as error:  # a reference failing must not lose the app's numbers
                self.stderr.write(f"  {op.name}: {kind} failed: {error}")
                continue
            if not best or p50(times) < p50(best):
                best = times
        return best

    def _export(self, chosen):
        """CSV export of `export_rows` rows in a child process: time, rows/s, peak resident memory."""
        url = f"/api/v1/statements/export.csv?said_after={chosen.export_after}"
        rows = Statement.objects.published().filter(said_on__gte=chosen.export_after).count()
        child = subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "statements.bench.export_probe", url],
            capture_output=True, text=True, timeout=1800, check=False, cwd=settings.BASE_DIR,
        )
        if child.returncode:
            raise CommandError(f"export probe failed: {child.stderr[-2000:]}")
        probe = json.loads(child.stdout.strip().splitlines()[-1])
        return {
            "app_ms_p50": round(probe["seconds"] * 1000, 1), "app_ms_p95": None, "limit_ms_p50": None,
            "naive_ms_p50": None, "queries": None, "rows": rows, "rows_per_s": round(rows / probe["seconds"]),
            "peak_mb": round(probe["peak_mb"], 1), "baseline_mb": round(probe["baseline_mb"], 1),
            "peak_anon_mb": round(probe["peak_anon_mb"], 1),
            "bytes": probe["bytes"], "target": "export",
        }
