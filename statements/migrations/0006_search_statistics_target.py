"""statements_search.document (PostgreSQL): statistics target 1,000 instead of 10,000 (0005).

For a tsvector PostgreSQL keeps ten times the target in most-common lexemes: 0005 kept 100,000,
and the planner reads that whole list again for every search it plans (2.1 ms of planning per
search page at a million statements; 0.9-1.1 ms with 1,000). 10,000 lexemes still give every
word outside the list a small estimate, so a rare word is read from the match list, never by
walking the date index (measured at 1M: 59 matches estimated 95, 946 estimated 980).
"""

from django.db import migrations


def set_target(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or "statements_search" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE statements_search ALTER COLUMN document SET STATISTICS 1000")
        cursor.execute("ANALYZE statements_search")


class Migration(migrations.Migration):
    dependencies = [("statements", "0005_performance_indexes")]

    operations = [migrations.RunPython(set_target, migrations.RunPython.noop, elidable=True)]
