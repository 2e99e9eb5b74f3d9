"""`manage.py bench` and `manage.py bench_http`: speed at a million statements (issue 7).

scenario (what to ask), operations (the app, the limit, the naive way), timing, report,
explain (slow queries and plans), export_probe (a child process for memory), http (gunicorn,
the floor, Datasette, wrk). The benchmark is a tool, not a test.
"""
