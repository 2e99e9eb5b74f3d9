"""Indexes found by `make bench` at a million statements (docs/performance.md).

statement_feed: the Atom feeds list the newest *published* statements by published_at; with
only the single-column published_at index, SQLite's planner takes the status index and sorts
the whole table (5 s at 1,000,000 rows). (status, published_at, id) serves the filter and the
order together: 0.02 ms.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_integrity_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["status", "-published_at", "-id"], name="statement_feed"),
        ),
    ]
