"""Servers and load for `manage.py bench_http`: gunicorn, the no-database floor, Datasette, wrk.

Everything listens on 127.0.0.1 only, every wrk run has a fixed duration, and every server
this module starts is stopped by `servers()` when its block ends, whatever happens.
"""

import contextlib
import json
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
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Each wrk thread walks its own share of the paths in order, so no page is requested twice
# (a repeat would be a cache hit) until the list runs out.
WRK_SCRIPT = """
local paths, counter, step = {}, 0, 1
function setup(thread)
  thread:set("first", __threads)
  __threads = (__threads or 0) + 1
end
__threads = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = tonumber(first) or 0
  step = tonumber(args[2]) or 1
end
function request()
  counter = counter + step
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Missing(RuntimeError):
    """A tool the load test needs is not installed (the message says how to install it)."""


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen


def require_tools():
    """wrk is a Debian package; say so instead of installing anything behind the user's back."""
    if not shutil.which("wrk"):
        raise Missing("wrk is not installed: `apt-get install wrk` (Debian package), then run again.")


def datasette_available():
    return subprocess.run(
        [sys.executable, "-c", "import datasette"], capture_output=True, check=False
    ).returncode == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra):
    """The child's environment: production settings (DEBUG unset), loopback only, no API throttle."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0",
        API_ANON_RATE="1000000000/s", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="archive.settings", **extra,
    )
    return env


def collectstatic(env):
    """Production serves hashed static names from a manifest: build it, as a deployment would."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR, env=env, check=True, timeout=300,
    )


@contextlib.contextmanager
def servers():
    """Yield a `start(name, argv, env, ready_path)` function; stop every started server on exit."""
    started = []

    def start(name, argv, env, ready_path="/"):
        port = free_port()
        argv = [a.replace("{port}", str(port)) for a in argv]
        process = subprocess.Popen(  # noqa: S603 (fixed argv of our own tools)
            argv, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        server = Server(name, f"http://127.0.0.1:{port}", process)
        started.append(server)
        _wait_ready(server, ready_path)
        return server

    try:
        yield start
    finally:
        for server in started:
            _stop(server)


def gunicorn_argv(app, workers=2):
    return [
        sys.executable, "-m", "gunicorn", app, "--workers", str(workers), "--worker-class", "sync",
        "--bind", "127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120",
    ]


def datasette_argv(database, metadata):
    return [
        sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1", "--port", "{port}",
        "--metadata", str(metadata), "--setting", "sql_time_limit_ms", "5000",
        # Its fastest configuration for an API client: no facet suggestions (the requests add _nocount=1).
        "--setting", "suggest_facets", "off",
    ]


def datasette_metadata(database, folder):
    """Tell Datasette that statements_search is the FTS5 index of statements_statement (rowid = id)."""
    path = Path(folder) / "datasette.json"
    name = Path(database).stem
    path.write_text(json.dumps({"databases": {name: {"tables": {
        "statements_statement": {"fts_table": "statements_search", "fts_pk": "id"},
    }}}}))
    return path


def _wait_ready(server, path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            error = server.process.stderr.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{server.name} exited at start: {error}")
        try:
            with urllib.request.urlopen(server.base + path, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {path} within {timeout} s")


def drain(base, path, timeout=180):
    """Wait until the server answers `path` quickly again.

    Sync workers go on serving the requests wrk left queued in the listen backlog after its run
    ended; the next run must not start behind them, or it measures the previous one.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 (loopback)
                response.read()
        except OSError:
            time.sleep(0.5)
            continue
        if time.monotonic() - started < 0.5:
            return
    raise RuntimeError(f"{base} still busy after {timeout} s")


def _stop(server):
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)


def load(base, paths, *, connections, duration, threads=2):
    """One bounded wrk run over `paths` (walked in order); requests/s, p50 and p99 in ms, errors."""
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        argv = [
            "wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--latency",
            "--timeout", "10s", "-s", str(script), base, "--", str(listing), str(min(threads, connections)),
        ]
        done = subprocess.run(  # noqa: S603 (wrk with fixed arguments)
            argv, capture_output=True, text=True, timeout=duration + 60, check=False
        )
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def parse_wrk(output):
    """The numbers of a `wrk --latency` report."""
    result = {"rps": _number(r"Requests/sec:\s+([\d.]+)", output), "errors": 0, "non_2xx": 0}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        result[f"p{percent}_ms"] = round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["errors"] = sum(int(n) for n in match.groups())
    result["requests"] = int(_number(r"(\d+) requests in", output) or 0)
    return result


def _number(pattern, text):
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None
