"""Load measured through the real stack: gunicorn + PostgreSQL on 127.0.0.1 (issue 8, "Fuzzing and load").

    .venv/bin/python scripts/load_test.py [--duration 60] [--concurrency 16] [--count 100000] [--workers N]

Makes a scratch PostgreSQL database with `--count` published statements (`generate_statements --seed 1`),
creates editors with API tokens, starts a private Redis (the shared page cache and throttle store) and
gunicorn with production settings, then runs wrk (Debian package) with scripts/load_test.lua for
`--duration` seconds at `--concurrency` connections: 95% public reads spread over thousands of distinct
URLs (timeline pages, searches, permalinks, API list pages) and 5% editor writes (create a draft, edit
it with the version last seen). Afterwards it checks that every write is stored as answered (no lost
update) and runs `manage.py verify_archive`.

Prints a JSON summary and exits 1 on any error: a non-2xx/3xx answer, a socket error or timeout, a lost
write, or an archive that does not verify. Bounded: loopback only, wrk stops after `--duration`, every
child has a timeout, and gunicorn and Redis are stopped and the database dropped whatever happens
(`--keep` keeps the database and reuses it next time, to skip the minute of generating).
"""

# ruff: noqa: S603, S607, S310, S608
# (This script starts our own fixed commands (manage.py, gunicorn, redis-server, wrk, psql) and requests
# only the http://127.0.0.1 URL it builds: no input from outside reaches a process or a URL. The one
# name in its SQL, --database, is checked to be a plain identifier first.)
import argparse
import datetime
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LUA = ROOT / "scripts" / "load_test.lua"
PG = os.environ.get("LOAD_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
WRITE_SHARE = 0.05
EDITORS = 4

# Run inside Django with the load database: editors with tokens, and the URLs the reads walk.
SETUP = r"""
import base64, json, random, sys, django
django.setup()
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from statements.models import Outlet, Statement
from statements.synthetic.vocabulary import WORDS
editors_group = Group.objects.get(name="Editors")
tokens = []
for i in range(int(sys.argv[2])):
    user, _ = User.objects.get_or_create(username=f"load-editor{i}", defaults={"is_staff": True})
    user.groups.add(editors_group)
    tokens.append(Token.objects.get_or_create(user=user)[0].key)
rows = list(Statement.objects.published().order_by("-said_on", "-id").values_list("said_on", "id", "slug"))
pick = random.Random(1)
def cursor(said_on, pk):
    raw = json.dumps({"k": [said_on.isoformat(), pk], "s": "-said_on,-id"}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
paths = ["timeline\t/"] + [f"timeline\t/?after={d.isoformat()}~{pk}" for d, pk, _ in rows[::20]]
paths += ["api_list\t/api/v1/statements/"] + [f"api_list\t/api/v1/statements/?cursor={cursor(d, pk)}"
                                                for d, pk, _ in rows[10::20]]
paths += [f"permalink\t/statements/{pk}/{slug}/" for _, pk, slug in pick.sample(rows, min(5000, len(rows)))]
words = [w for w in WORDS[60:3060] if w.isascii() and w.isalpha()]
paths += [f"search\t/?q={w}" for w in words] + [f"search\t/?q={a}+{b}" for a, b in zip(words[::3], words[1::3])]
with open(sys.argv[1], "w") as out:
    out.write("\n".join(paths) + "\n")
kinds = {}
for line in paths:
    kinds[line.split("\t")[0]] = kinds.get(line.split("\t")[0], 0) + 1
print("SETUP" + json.dumps({"tokens": tokens, "speaker_id": Statement.objects.published().values_list(
    "speaker_id", flat=True).first(), "outlet": Outlet.objects.order_by("pk").values_list("slug", flat=True).first(),
    "published": len(rows), "distinct_urls": kinds, "max_id": Statement.objects.order_by("-pk").values_list(
    "pk", flat=True).first() or 0}))
"""

# Every write the load saw answered must be stored as answered (no lost update). The requests still in
# flight when wrk stopped (at most one per connection) may be stored without an answer: counted apart.
CHECK = r"""
import json, sys, django
django.setup()
from statements.models import Statement
answered = {int(k): v for k, v in json.load(open(sys.argv[1])).items()}
stored = dict(Statement.objects.filter(created_by__username__startswith="load-editor", pk__gt=int(sys.argv[2]))
              .filter(status="draft").values_list("id", "version"))
lost = sorted(pk for pk, version in answered.items() if stored.get(pk, 0) < version)
extra = sorted(pk for pk, version in answered.items() if stored.get(pk, 0) > version + 1)
in_flight = [pk for pk, version in answered.items() if stored.get(pk, 0) == version + 1]
in_flight += sorted(set(stored) - set(answered))
print("CHECK" + json.dumps({"drafts_stored": len(stored), "lost_writes": lost[:20], "lost_write_count": len(lost),
                            "unexpected_versions": extra[:20], "in_flight_at_stop": len(in_flight)}))
"""


def main():
    options = parse_args()
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        sys.exit("Needs wrk and redis-server (Debian: apt-get install wrk redis-server).")
    database = options.database
    env = production_env(f"{PG}/{database}")
    children = []
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    try:
        corpus = prepare_database(env, database, options)
        with tempfile.TemporaryDirectory(prefix="load_test_") as folder:
            setup = run_django(env, SETUP, "SETUP", str(Path(folder) / "paths.txt"), str(EDITORS))
            (Path(folder) / "tokens.txt").write_text("\n".join(setup["tokens"]) + "\n")
            env["REDIS_URL"] = start_redis(children)
            base = start_gunicorn(env, options, children)
            warm_up(base)
            report = run_wrk(base, folder, setup, options)
            stop_all(children)  # gunicorn finishes what it was answering; then the database is quiet
            (Path(folder) / "drafts.json").write_text(json.dumps(report.pop("drafts")))
            writes = run_django(env, CHECK, "CHECK", str(Path(folder) / "drafts.json"), str(setup["max_id"]))
        verify = run_verify(env)
    finally:
        stop_all(children)
        if not options.keep:
            psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    summary = summarise(report, writes, verify, setup, corpus, options, started_at)
    print(json.dumps(summary, indent=2))
    return 0 if summary["ok"] else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections, one wrk thread each (default 16)")
    parser.add_argument("--count", type=int, default=100_000, help="published statements (default 100000)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--database", default="archive_load", type=identifier,
                        help="scratch database name (default archive_load)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards and reuse it if present")
    return parser.parse_args()


def identifier(name):
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise argparse.ArgumentTypeError("lower-case letters, digits and _ only")
    return name


def production_env(database_url):
    """As statements/bench/http.py: production settings (DEBUG unset), loopback only, no API throttle."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0",
        API_ANON_RATE="1000000000/s", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="archive.settings",
        DATABASE_URL=database_url,
    )
    return env


def prepare_database(env, database, options):
    """A migrated database with `count` published statements; reused as it is with --keep."""
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'", capture=True).strip() == "1"
    if exists and not options.keep:
        psql(f"DROP DATABASE {database} WITH (FORCE)")
    if not exists or not options.keep:
        psql(f"CREATE DATABASE {database}")
    manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    manage(env, "generate_statements", "--count", str(options.count), "--seed", "1")
    manage(env, "collectstatic", "--noinput", "-v0")  # production serves hashed names from the manifest
    # A settled database, as production's would be: otherwise autovacuum works through the fresh rows
    # (and the first reads write their hint bits) during the measured minute.
    subprocess.run(["psql", "-q", "-d", f"{PG}/{database}", "-c", "VACUUM (ANALYZE)"], check=True,
                   capture_output=True, timeout=600)
    return {"database": database, "reused": exists and options.keep,
            "generate_seconds": round(time.perf_counter() - started, 1)}


def manage(env, *args, timeout=900):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=timeout)


def psql(sql, capture=False):
    done = subprocess.run(["psql", "-qtA", "-d", f"{PG}/postgres", "-c", sql], check=True, capture_output=True,
                          text=True, timeout=120)
    return done.stdout if capture else None


def run_django(env, script, marker, *args):
    done = subprocess.run([PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.split(marker, 1)[1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(children):
    """A private, memory-only Redis: the cache gunicorn's workers share, seen by no other job's server."""
    port = free_port()
    children.append(subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    raise RuntimeError("redis-server did not come up")


def start_gunicorn(env, options, children):
    port = free_port()
    argv = [PYTHON, "-m", "gunicorn", "archive.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(options.workers), "--worker-class", options.worker_class,
            "--threads", str(options.threads), "--timeout", "60", "--log-level", "warning"]
    children.append(subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=5):
                return base
        except OSError:  # refused while gunicorn boots
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def warm_up(base):
    """Load each worker's code paths (templates, URL resolver) on pages the measured run never asks for."""
    for _ in range(20):
        for path in ("/robots.txt", "/api/v1/statements/?page_size=3", "/?q=warmup"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()


def run_wrk(base, folder, setup, options):
    argv = ["wrk", f"-t{options.concurrency}", f"-c{options.concurrency}", f"-d{options.duration}s",
            "--timeout", "10s", "-s", str(LUA), base, "--", str(Path(folder) / "paths.txt"),
            str(Path(folder) / "tokens.txt"), str(WRITE_SHARE), str(setup["speaker_id"]), setup["outlet"], folder]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=options.duration + 120, check=False)
    if done.returncode or "LOAD_TEST_REPORT " not in done.stdout:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-3000:]} {done.stdout[-3000:]}")
    report = json.loads(done.stdout.split("LOAD_TEST_REPORT ", 1)[1])
    report["answers"], report["drafts"] = read_answers(folder)
    return report


def read_answers(folder):
    """The threads' lines as (kind, ms, status, cache) tuples, and {draft id: last version answered}."""
    answers, drafts = [], {}
    for path in sorted(Path(folder).glob("thread-*.tsv")):
        for line in path.read_text().splitlines():
            kind, micros, status, cache, pk, version = line.split("\t")
            answers.append((kind, int(micros) / 1000, int(status), cache))
            if pk and version:
                drafts[pk] = int(version)  # one thread owns each draft, and its lines are in order
    return answers, drafts


def run_verify(env):
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "manage.py", "verify_archive"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=1800, check=False)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return {"ok": done.returncode == 0, "seconds": round(time.perf_counter() - started, 1),
            "output": lines[-5:]}


def stop_all(children):
    """Stop every child we started, newest first (gunicorn before the Redis it uses)."""
    while children:
        process = children.pop()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def percentile(sorted_values, p):
    return round(sorted_values[max(0, math.ceil(len(sorted_values) * p / 100) - 1)], 1) if sorted_values else None


def by_kind(answers, seconds, total):
    kinds = {}
    for kind in sorted({a[0] for a in answers}):
        mine = [a for a in answers if a[0] == kind]
        times = sorted(a[1] for a in mine)
        statuses = {}
        for a in mine:
            statuses[str(a[2])] = statuses.get(str(a[2]), 0) + 1
        kinds[kind] = {"requests": len(mine), "share": round(len(mine) / max(total, 1), 3),
                       "rps": round(len(mine) / seconds, 1), "p50_ms": percentile(times, 50),
                       "p95_ms": percentile(times, 95), "p99_ms": percentile(times, 99),
                       "cache_hits": sum(a[3] == "hit" for a in mine), "statuses": statuses}
    return kinds


def summarise(report, writes, verify, setup, corpus, options, started_at):
    seconds = report["duration_us"] / 1e6
    answers = report["answers"]
    kinds = by_kind(answers, seconds, len(answers))
    bad_answers = sum(1 for a in answers if not 200 <= a[2] < 400)
    errors = report["socket_errors"]
    socket_errors = sum(errors[name] for name in ("connect", "read", "write", "timeout"))
    reads = [a for a in answers if a[0] not in ("create", "edit")]
    summary = {
        "started_at": started_at, "duration_s": options.duration, "concurrency": options.concurrency,
        "gunicorn": f"{options.workers} {options.worker_class} workers x {options.threads} threads",
        "published_statements": setup["published"], "distinct_read_urls": setup["distinct_urls"], "corpus": corpus,
        "requests": report["requests"], "rps": round(report["requests"] / seconds, 1),
        "p50_ms": report["p50_us"] / 1000, "p95_ms": report["p95_us"] / 1000, "p99_ms": report["p99_us"] / 1000,
        "max_ms": report["max_us"] / 1000, "kinds": kinds,
        "read_cache_hit_share": round(sum(a[3] == "hit" for a in reads) / max(len(reads), 1), 3),
        "non_2xx_3xx": max(bad_answers, errors["status"]), "socket_errors": errors,
        "writes": {"created": kinds.get("create", {}).get("requests", 0),
                   "edited": kinds.get("edit", {}).get("requests", 0)} | writes,
        "verify_archive": verify,
    }
    summary["ok"] = (summary["non_2xx_3xx"] == 0 and socket_errors == 0 and verify["ok"]
                     and writes["lost_write_count"] == 0 and not writes["unexpected_versions"]
                     and writes["in_flight_at_stop"] <= options.concurrency and report["requests"] > 0)
    return summary


if __name__ == "__main__":
    sys.exit(main())
