"""Issue 8 item 12 (crash half): an import killed with SIGKILL half-way leaves no partial statement,
and running it again completes it without a duplicate.

Real processes on a scratch SQLite file: one makes a JSONL export of 200 synthetic statements, a
second imports it into an empty archive and is killed with SIGKILL once some batches have
committed; the archive is then checked row by row, the import re-run, and checked again.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = 200

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def env_for(database):
    return os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1",
                         "DJANGO_SETTINGS_MODULE": "archive.settings"}


def manage(database, *args, timeout=300):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env_for(database),
                            capture_output=True, timeout=timeout, check=False)
    return result


def counts(database):
    """(statements, statements without a source, without a revision, without an audit event, duplicate ids)."""
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("""
            SELECT (SELECT COUNT(*) FROM statements_statement),
                   (SELECT COUNT(*) FROM statements_statement s WHERE NOT EXISTS
                        (SELECT 1 FROM statements_source WHERE statement_id = s.id)),
                   (SELECT COUNT(*) FROM statements_statement s WHERE NOT EXISTS
                        (SELECT 1 FROM statements_revision WHERE statement_id = s.id)),
                   (SELECT COUNT(*) FROM statements_statement s WHERE NOT EXISTS
                        (SELECT 1 FROM statements_statementevent WHERE statement_id = s.id)),
                   (SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM statements_statement)
        """).fetchone()


@pytest.fixture
def export_file(tmp_path):
    source = tmp_path / "source.sqlite3"
    for args in (("migrate", "--noinput"), ("generate_statements", "--count", str(COUNT), "--workers", "1")):
        assert manage(source, *args).returncode == 0
    export = manage(source, "export_statements", "--format", "jsonl")
    assert export.returncode == 0
    path = tmp_path / "statements.jsonl"
    path.write_bytes(export.stdout)
    assert export.stdout.count(b"\n") == COUNT
    return path


def kill_mid_import(database, export_file):
    """Start the import and SIGKILL it once at least one batch (but not all) has committed."""
    process = subprocess.Popen([sys.executable, "manage.py", "import_statements", str(export_file), "--batch", "25"],
                               cwd=ROOT, env=env_for(database), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if counts(database)[0] >= 25:
                break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    return process.returncode


def test_import_killed_half_way_leaves_whole_statements_and_reruns_cleanly(tmp_path, export_file):
    target = tmp_path / "target.sqlite3"
    assert manage(target, "migrate", "--noinput").returncode == 0
    assert kill_mid_import(target, export_file) == -signal.SIGKILL
    imported, no_source, no_revision, no_event, duplicates = counts(target)
    assert 0 < imported < COUNT, "the kill landed half-way"
    assert imported % 25 == 0, "only whole batches committed"
    assert (no_source, no_revision, no_event, duplicates) == (0, 0, 0, 0)
    assert manage(target, "verify_archive").returncode == 0

    again = manage(target, "import_statements", str(export_file), "--batch", "25")
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert f"{COUNT - imported} imported".encode() in again.stdout
    assert f"{imported} already present".encode() in again.stdout
    assert counts(target) == (COUNT, 0, 0, 0, 0)
    assert manage(target, "verify_archive").returncode == 0
