"""Issue 8 item 12 (backup half) and docs/backup.md: a backup restores to an identical archive.

Each test drives real processes on scratch databases, as an operator would: migrate, load the
demo and a synthetic corpus, back up with the documented command, restore, and compare the
canonical export (`export_statements --format jsonl`) byte for byte; `verify_archive` must pass
on the copy (hashes, audit chains and the database guards of migration 0004).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"


# One Python process per database and step (Django starts once): fill, or export + verify.
FILL = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
call_command("generate_statements", count=150, workers=1, verbosity=0)
"""
CHECK = """
import hashlib, io, sys, django; django.setup()
from django.core.management import call_command
out = io.StringIO()
call_command("export_statements", format="jsonl", stdout=out)
export = out.getvalue().encode("utf-8")
assert export.count(b"\\n") > 150, "export too small"
call_command("verify_archive", stdout=io.StringIO())
print(hashlib.sha256(export).hexdigest())
"""


def run(database_url, script, timeout=300):
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def fill(database_url):
    """A small archive with every kind of history: the demo (all desk states) and 150 synthetic statements."""
    run(database_url, FILL)


def export_digest(database_url):
    """SHA-256 of the canonical export; raises if verify_archive finds anything wrong."""
    return run(database_url, CHECK)


def test_sqlite_backup_round_trip(tmp_path):
    original, copy, python_copy = tmp_path / "archive.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "py.sqlite3"
    fill(f"sqlite:///{original}")
    digest = export_digest(f"sqlite:///{original}")
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(original), f".backup {copy}"], check=True, timeout=120)
        assert export_digest(f"sqlite:///{copy}") == digest
    source, target = sqlite3.connect(original), sqlite3.connect(python_copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    assert export_digest(f"sqlite:///{python_copy}") == digest


def _psql(*sql):
    for statement in sql:
        subprocess.run(["psql", "-q", "-d", f"{PG}/postgres", "-c", statement], check=True, timeout=60,
                       capture_output=True)


@pytest.fixture
def scratch_databases():
    names = [f"archive_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "restored")]
    yield names
    _psql(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names))


@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
                    reason="PostgreSQL client tools are not installed")
def test_postgres_dump_and_restore_round_trip(tmp_path, scratch_databases):
    source, restored = scratch_databases
    try:
        _psql(f"CREATE DATABASE {source}", f"CREATE DATABASE {restored}")
    except subprocess.CalledProcessError:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    fill(f"{PG}/{source}")
    digest = export_digest(f"{PG}/{source}")
    dump = tmp_path / "archive.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-d", f"{PG}/{source}", "-f", str(dump)], check=True,
                   timeout=300)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", f"{PG}/{restored}", str(dump)],
                   check=True, timeout=300)
    assert export_digest(f"{PG}/{restored}") == digest
