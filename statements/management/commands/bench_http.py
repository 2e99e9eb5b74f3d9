"""`manage.py bench_http --count N`: requests/s over HTTP, gunicorn (2 sync workers) vs floor vs Datasette."""

import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F

from statements.bench import http, machine
from statements.bench.scenario import COMMON_WORD, build
from statements.models import Statement
from statements.search import search
from statements.synthetic import generate, migrate_if_needed

# A cheap page of each server, to tell when it has finished the previous run's queued requests.
IDLE_PATHS = {"app": "/robots.txt", "floor": "/", "datasette": "/-/versions.json"}


class Command(BaseCommand):
    help = (
        "Serve the archive with gunicorn on 127.0.0.1 (production settings, 2 sync workers) and load it with "
        "wrk for a fixed time at each concurrency; beside it a no-database view (the floor) and Datasette on the "
        "same SQLite file. Writes var/bench/http-<engine>.json. Needs wrk (apt-get install wrk); Datasette "
        "(pip install datasette) is optional."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run (default 10).")
        parser.add_argument("--concurrency", default="8,16", help="Connections per run (default 8,16).")
        parser.add_argument("--only", default="", help="Comma-separated run names (default: all).")

    def handle(self, *args, count, seed, duration, concurrency, only, **options):
        try:
            http.require_tools()
        except http.Missing as missing:
            raise CommandError(str(missing)) from missing
        migrate_if_needed()
        generate(count, seed=seed, log=self.stdout.write)
        engine = connection.vendor
        plans = self._plans(engine)
        wanted = {name for name in only.split(",") if name}
        levels = [int(c) for c in concurrency.split(",") if c]
        results = {}
        with tempfile.TemporaryDirectory() as folder, http.servers() as start:
            # A page cache of this run's own: pages another run cached (the other engine's corpus has
            # the same URLs) would make "uncached" requests hits.
            env = http.production_env(CACHE_DIR=os.path.join(folder, "cache"))
            http.collectstatic(env)
            servers = self._start_servers(start, env, engine, folder)
            connection.close()  # the servers have their own connections; ours must not hold locks
            for name, (server_name, warm, paths) in plans.items():
                if (wanted and name not in wanted) or server_name not in servers:
                    continue
                base, idle = servers[server_name].base, IDLE_PATHS[server_name]
                for level in levels:
                    # Each run starts from an empty page cache: the runs walk the same pages, and a
                    # page the previous level rendered would be a hit in this one.
                    shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)
                    http.drain(base, idle)
                    http.load(base, warm, connections=4, duration=2)
                    http.drain(base, idle)
                    result = http.load(base, paths, connections=level, duration=duration)
                    results[f"{name}@{level}"] = {"server": server_name, "connections": level, **result}
                    self.stdout.write(self._line(f"{name}@{level}", result))
        self._summary(results, engine, duration, levels, merge=bool(wanted))

    def _start_servers(self, start, env, engine, folder):
        servers = {
            "app": start("gunicorn archive", http.gunicorn_argv("archive.wsgi:application"), env),
            "floor": start(
                "gunicorn floor", http.gunicorn_argv("statements.bench.floor:app"),
                {**env, "DJANGO_SETTINGS_MODULE": "statements.bench.floor_settings"},
            ),
        }
        database = settings.DATABASES["default"]["NAME"] if engine == "sqlite" else None
        if database and http.datasette_available():
            metadata = http.datasette_metadata(database, folder)
            servers["datasette"] = start(
                "datasette", http.datasette_argv(database, metadata), env, ready_path="/-/versions.json"
            )
        elif database:
            self.stdout.write("Datasette is not installed (bench only: `.venv/bin/pip install datasette`): "
                              "its rows are skipped.")
        return servers

    def _plans(self, engine):
        """name -> (server, warm-up paths, measured paths). Uncached runs never repeat a page."""
        chosen = build(export_rows=0)
        published = Statement.objects.published().order_by("-said_on", "-id")
        cursors = [f"{d.isoformat()}~{pk}" for d, pk in published.values_list("said_on", "id")[:60_000:5]]
        found = search(Statement.objects.published(), COMMON_WORD).order_by("-said_on", "-id")
        search_cursors = [f"{d.isoformat()}~{pk}" for d, pk in found.values_list("said_on", "id")[:20_000:4]]
        permalinks = [url for _, url in chosen.permalinks]
        step = max(1, chosen.count // 10_000)
        more = Statement.objects.published().annotate(bucket=F("id") % step).filter(bucket=0)
        permalinks += [f"/statements/{pk}/{slug}/" for pk, slug in more.values_list("id", "slug")[:10_000]]
        api = "/api/v1/statements/"
        plans = {
            "timeline_uncached": ("app", ["/?" + urlencode({"after": c}) for c in cursors[:200]],
                                  ["/?" + urlencode({"after": c}) for c in cursors[200:]]),
            "timeline_cached": ("app", ["/"], ["/"]),
            "search_uncached": ("app", ["/?" + urlencode({"q": COMMON_WORD, "after": c}) for c in search_cursors[:100]],
                                ["/?" + urlencode({"q": COMMON_WORD, "after": c}) for c in search_cursors[100:]]),
            "search_cached": ("app", [f"/?q={COMMON_WORD}"], [f"/?q={COMMON_WORD}"]),
            "permalink": ("app", permalinks[:100], permalinks[100:]),
            "api_list": ("app", [api], [api]),
            "api_search_common": ("app", [f"{api}?q={COMMON_WORD}"], [f"{api}?q={COMMON_WORD}"]),
            "api_search_rare": ("app", [f"{api}?q={chosen.rare}"], [f"{api}?q={chosen.rare}"]),
            "floor": ("floor", ["/"], ["/"]),
        }
        if engine == "sqlite":
            name = Path(settings.DATABASES["default"]["NAME"]).stem
            for label, word in (("common", COMMON_WORD), ("rare", chosen.rare)):
                query = urlencode({"_search": word, "status": "published", "_sort_desc": "said_on", "_size": 20,
                                   "_nocount": 1})
                path = f"/{name}/statements_statement.json?{query}"
                plans[f"datasette_search_{label}"] = ("datasette", [path], [path])
        return plans

    def _line(self, name, r):
        flags = f"  ({r['non_2xx']} non-2xx, {r['errors']} socket errors)" if r["non_2xx"] or r["errors"] else ""
        return f"  {name:26} {r['rps'] or 0:9.1f} req/s  p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms{flags}"

    def _summary(self, results, engine, duration, levels, merge=False):
        self.stdout.write("")
        for level in levels:
            floor = results.get(f"floor@{level}", {}).get("rps")
            cached = results.get(f"timeline_cached@{level}", {}).get("rps")
            uncached = results.get(f"timeline_uncached@{level}", {}).get("rps")
            if floor and cached:
                self.stdout.write(f"c={level}: cached timeline {cached / floor:.0%} of the floor "
                                  f"(target >= 50%); uncached timeline {uncached or 0:.0f} req/s (target >= 250)")
            for label in ("common", "rare"):
                ours = results.get(f"api_search_{label}@{level}", {}).get("rps")
                theirs = results.get(f"datasette_search_{label}@{level}", {}).get("rps")
                if ours and theirs:
                    self.stdout.write(f"c={level}: API search ({label}) {ours:.0f} req/s vs Datasette {theirs:.0f}")
        folder = Path(settings.BASE_DIR) / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"http-{engine}.json"
        meta = {"engine": engine, "duration_s": duration, "machine": machine.facts(),
                "statements": Statement.objects.published().count()}
        before = json.loads(path.read_text()) if merge and path.exists() else {}
        path.write_text(json.dumps({**before, **results, "_meta": meta}, indent=2) + "\n")
        self.stdout.write(f"Written to {path}")
