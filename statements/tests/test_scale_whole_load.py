"""A whole synthetic load (an empty archive, say) drops the secondary indexes, loads and builds
them again in one transaction: afterwards every index is back exactly as the migrations made it,
the search finds the new rows and `verify_archive` finds the archive intact.

Run in a child process against a scratch SQLite file: the test database sits inside a transaction,
where the loader (rightly) never takes that path.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(database, *args):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def schema(database):
    with sqlite3.connect(database) as db:
        return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type != 'table'"))


def test_a_whole_load_puts_every_index_back_and_the_archive_verifies(tmp_path):
    database = tmp_path / "corpus.sqlite3"
    manage(database, "migrate", "--noinput")
    migrated = schema(database)
    manage(database, "generate_statements", "--count", "400", "--seed", "5")
    assert schema(database) == migrated
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM statements_statement WHERE status = 'published'").fetchone() == (400,)
        assert db.execute("SELECT count(*) FROM statements_search").fetchone() == (400,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert "intact" in manage(database, "verify_archive")
