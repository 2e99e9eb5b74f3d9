"""Issue 8 item 12 (backup half) and docs/backup.md: a backup restores to an identical archive.

Each test drives real processes on scratch databases, as an operator would: migrate, load the
demo and a synthetic corpus, back up with the documented command, restore, and compare the
canonical export (`export_statements --format jsonl`) byte for byte; `verify_archive` must pass
on the copy (hashes, audit chains and the database guards of migration 0004).
"""

import hashlib
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


def manage(database_url, *args, timeout=300):
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "1"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, (args, result.stderr.decode()[-2000:])
    return result.stdout


def fill(database_url):
    """A small archive with every kind of history: the demo (all desk states) and 300 synthetic statements."""
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "load_demo")
    manage(database_url, "generate_statements", "--count", "300", "--workers", "1")


def export_digest(database_url):
    export = manage(database_url, "export_statements", "--format", "jsonl")
    assert export.count(b"\n") > 300
    return hashlib.sha256(export).hexdigest()


def test_sqlite_backup_round_trip(tmp_path):
    original, copy, python_copy = tmp_path / "archive.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "py.sqlite3"
    fill(f"sqlite:///{original}")
    manage(f"sqlite:///{original}", "verify_archive")
    digest = export_digest(f"sqlite:///{original}")
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(original), f".backup {copy}"], check=True, timeout=120)
        assert export_digest(f"sqlite:///{copy}") == digest
        manage(f"sqlite:///{copy}", "verify_archive")
    source, target = sqlite3.connect(original), sqlite3.connect(python_copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    assert export_digest(f"sqlite:///{python_copy}") == digest
    assert b"archive intact" in manage(f"sqlite:///{python_copy}", "verify_archive")


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
    assert b"archive intact" in manage(f"{PG}/{restored}", "verify_archive")
