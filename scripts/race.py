"""Concurrency measured through the real stack: gunicorn + PostgreSQL on 127.0.0.1 (issue 8, item 9).

    .venv/bin/python scripts/race.py [--rounds 50] [--writers 8] [--workers 4]

Makes a scratch database, starts gunicorn on a free loopback port, then:

- edit races: `--rounds` times, `--writers` editors PATCH the same draft at the same instant, all
  with the version they loaded. Exactly one may win (200), the rest must get 409; the stored text
  must be the winner's, the version one higher, and exactly one "edited" audit row added;
- decision races: `--rounds` times, one reviewer approves while another rejects the same
  statement at the same instant: one 200, one 409, the status the winner's, one audit row.

Prints a JSON summary (counts, lost updates, latencies) and exits 1 on any lost update or
unexpected answer. Bounded: loopback only, at most rounds x writers requests, a timeout on each.
"""

# ruff: noqa: S603, S607, S310
# (This script starts our own fixed commands (manage.py, gunicorn, psql) and requests only the
# http://127.0.0.1 URL it builds: no input from outside reaches a process or a URL.)
import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = os.environ.get("RACE_POSTGRES", "postgres://postgres@127.0.0.1:5432")

SETUP = r"""
import json, sys, django
django.setup()
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from statements import workflow
from statements.tests.factories import content_data, make_speaker
rounds, writers = int(sys.argv[1]), int(sys.argv[2])
editors_group, reviewers_group = Group.objects.get(name="Editors"), Group.objects.get(name="Reviewers")
def user(name, group):
    u = User.objects.create_user(name, f"{name}@example.org", "race-password-123", is_staff=True)
    u.groups.add(group)
    return u, Token.objects.create(user=u).key
editors = [user(f"editor{i}", editors_group) for i in range(writers)]
approver, rejecter = user("approver", reviewers_group), user("rejecter", reviewers_group)
speaker = make_speaker()
drafts = [workflow.create_statement(actor=editors[0][0], data=content_data(speaker=speaker, text=f"Draft {i}."))
          for i in range(rounds)]
in_review = []
for i in range(rounds):
    s = workflow.create_statement(actor=editors[0][0], data=content_data(speaker=speaker, text=f"Review {i}."))
    in_review.append(workflow.submit(s, actor=editors[0][0]))
print("SETUP" + json.dumps({
    "editors": [key for _, key in editors], "approver": approver[1], "rejecter": rejecter[1],
    "drafts": [[s.pk, s.version] for s in drafts], "in_review": [[s.pk, s.version] for s in in_review],
}))
"""

CHECK = r"""
import json, sys, django
django.setup()
from statements.models import Statement, StatementEvent
ids = json.loads(sys.argv[1])
out = {}
for pk in ids:
    s = Statement.objects.get(pk=pk)
    events = list(StatementEvent.objects.filter(statement_id=pk).values_list("action", flat=True))
    out[pk] = {"text": s.text, "version": s.version, "status": s.status, "events": events}
from statements.integrity import verify_archive
report = verify_archive()
print("CHECK" + json.dumps({"rows": out, "verify_ok": report.ok, "problems": report.problems[:5]}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_django(env, script, *args):
    result = subprocess.run([PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    marker = "SETUP" if "SETUP" in result.stdout else "CHECK"
    return json.loads(result.stdout.split(marker, 1)[1])


def psql(sql):
    subprocess.run(["psql", "-q", "-d", f"{PG}/postgres", "-c", sql], check=True, capture_output=True, timeout=60)


def request(base, method, path, token, body, barrier):
    data = json.dumps(body).encode()
    req = urllib.request.Request(f"{base}{path}", data=data, method=method, headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json", "Host": "127.0.0.1"})
    barrier.wait(timeout=30)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def race(pool, base, calls):
    """Fire `calls` [(method, path, token, body)] at one instant; [(status, seconds)] in call order."""
    barrier = threading.Barrier(len(calls))
    futures = [pool.submit(request, base, *call, barrier) for call in calls]
    return [f.result() for f in futures]


def edit_races(pool, base, setup, writers):
    results = []
    for pk, version in setup["drafts"]:
        calls = [("PATCH", f"/api/v1/statements/{pk}/", setup["editors"][w],
                  {"version": version, "text": f"Writer {w} wins round {pk}."}) for w in range(writers)]
        results.append((pk, race(pool, base, calls)))
    return results


def decision_races(pool, base, setup):
    results = []
    for pk, version in setup["in_review"]:
        calls = [("POST", f"/api/v1/statements/{pk}/approve/", setup["approver"], {"version": version}),
                 ("POST", f"/api/v1/statements/{pk}/reject/", setup["rejecter"],
                  {"reason": "Race.", "version": version})]
        results.append((pk, race(pool, base, calls)))
    return results


def judge(edits, decisions, rows, versions):
    """Count wins, conflicts, lost updates and surprises against the rows as stored."""
    summary = {"edit_rounds": len(edits), "decision_rounds": len(decisions), "lost_updates": 0, "unexpected": []}
    for pk, answers in edits:
        statuses = [status for status, _ in answers]
        row = rows[str(pk)]
        winners = [w for w, status in enumerate(statuses) if status == 200]
        if len(winners) != 1 or statuses.count(409) != len(statuses) - 1:
            summary["unexpected"].append({"edit": pk, "statuses": statuses})
            continue
        if row["text"] != f"Writer {winners[0]} wins round {pk}." or row["version"] != versions[pk] + 1:
            summary["lost_updates"] += 1
        if row["events"].count("edited") != 1:
            summary["unexpected"].append({"edit": pk, "events": row["events"]})
    for pk, answers in decisions:
        statuses = sorted(status for status, _ in answers)
        row = rows[str(pk)]
        decided = [a for a in row["events"] if a in ("approve", "reject")]
        expected = "published" if answers[0][0] == 200 else "rejected"
        if statuses != [200, 409] or len(decided) != 1 or row["status"] != expected:
            summary["unexpected"].append({"decision": pk, "statuses": statuses, "events": decided,
                                          "status": row["status"]})
    return summary


def latencies(results):
    times = sorted(t * 1000 for _, answers in results for _, t in answers)
    cut = statistics.quantiles(times, n=100)
    return {"requests": len(times), "p50_ms": round(cut[49], 1), "p95_ms": round(cut[94], 1),
            "p99_ms": round(cut[98], 1), "max_ms": round(times[-1], 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    options = parser.parse_args()
    name = f"archive_race_{uuid.uuid4().hex[:8]}"
    env = os.environ | {"DATABASE_URL": f"{PG}/{name}", "SECRET_KEY": secrets.token_urlsafe(50),
                        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE":
                        "archive.settings", "API_ANON_RATE": "100000/minute"}
    env.pop("DEBUG", None)
    psql(f"CREATE DATABASE {name}")
    server = None
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=600)
        setup = run_django(env, SETUP, str(options.rounds), str(options.writers))
        port = free_port()
        server = subprocess.Popen([str(Path(PYTHON).with_name("gunicorn")), "archive.wsgi", "-b", f"127.0.0.1:{port}",
                                   "-w", str(options.workers), "--timeout", "60"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(options.writers, 2)) as pool:
            edits = edit_races(pool, base, setup, options.writers)
            decisions = decision_races(pool, base, setup)
        elapsed = time.perf_counter() - started
        ids = [pk for pk, _ in setup["drafts"]] + [pk for pk, _ in setup["in_review"]]
        checked = run_django(env, CHECK, json.dumps(ids))
        versions = dict(setup["drafts"])
        summary = judge(edits, decisions, checked["rows"], versions)
        summary |= {"writers": options.writers, "gunicorn_workers": options.workers, "seconds": round(elapsed, 1),
                    "edit_latency": latencies(edits), "decision_latency": latencies(decisions),
                    "verify_archive_ok": checked["verify_ok"]}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(json.dumps(summary, indent=2))
    return 1 if summary["lost_updates"] or summary["unexpected"] or not summary["verify_archive_ok"] else 0


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/statements/?page_size=1", timeout=5):
                return
        except OSError:  # refused, reset or timed out while gunicorn boots
            time.sleep(0.2)
    sys.exit("gunicorn did not come up")


if __name__ == "__main__":
    sys.exit(main())
