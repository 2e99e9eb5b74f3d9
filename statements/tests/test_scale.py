"""Scale tooling and the settings that scale: the synthetic corpus, the read-replica router.

The benchmark itself (`make bench`) is not a test; these pin what it relies on.
"""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from archive.routers import ReplicaRouter, public_read
from statements import content
from statements.middleware import PublicReadMiddleware
from statements.models import Statement, StatementEvent
from statements.normalize import quote_hash
from statements.synthetic import generate
from statements.synthetic.catalog import build_catalog
from statements.synthetic.rows import Generator
from statements.workflow import event_fields, event_hash

from .factories import make_published

pytestmark = pytest.mark.django_db


def _generate(count, seed):
    return generate(count, seed=seed, log=lambda line: None, workers=1)


def _synthetic(seed):
    rows = Statement.objects.filter(external_id__startswith=f"synthetic:{seed}:")
    return sorted(rows, key=lambda s: int(s.external_id.rsplit(":", 1)[1]))


def test_generated_statements_are_published_and_valid():
    _generate(60, seed=5)
    statements = _synthetic(5)
    assert len(statements) == 60
    assert Statement.objects.published().filter(pk__in=[s.pk for s in statements]).count() == 60
    for statement in statements:
        statement.full_clean()  # every field validator and database constraint, checked in Python
        assert statement.approved_by_id != statement.created_by_id
        assert statement.published_at and statement.sources.exists()
        assert statement.text_hash == quote_hash(statement.text)
        live = content.snapshot(statement)
        assert statement.live_revision.data == live
        assert statement.content_hash == statement.live_revision.content_hash == content.content_hash(live)


def test_generated_audit_rows_chain_like_the_workflow():
    _generate(20, seed=6)
    events = StatementEvent.objects.filter(statement__external_id__startswith="synthetic:6:")
    assert events.count() == 20
    for event in events:
        assert event.hash == event_hash(event.prev_hash, event_fields(event))


def test_generated_corpus_verifies():
    integrity = pytest.importorskip("statements.integrity")
    _generate(30, seed=7)
    report = integrity.verify_archive()
    assert report.statements >= 30 and report.events >= 30
    # Problems about a statement; database-wide guards belong to the integrity tests.
    assert [p for p in report.problems if p[0] is not None] == []


def test_generated_statements_have_public_pages(client):
    _generate(5, seed=8)
    statement = _synthetic(8)[0]
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200


def test_generated_statements_are_searchable():
    _generate(40, seed=9)
    statements = _synthetic(9)
    rare = max(statements[0].text.split(), key=len).strip(".?!,")  # a made-up word of the long tail
    found = Statement.objects.published().search(rare)
    assert statements[0] in found


def test_same_seed_gives_the_same_corpus_and_a_rerun_only_adds():
    _generate(25, seed=3)
    assert _generate(25, seed=3)["created"] == 0  # reused as it is
    _generate(40, seed=3)
    texts = [s.text for s in _synthetic(3)]
    assert len(texts) == 40
    expected = Generator(3, build_catalog()).batch(0, 40, 1, 1).statements
    assert texts == [row[1] for row in expected]


def test_different_seeds_give_different_corpora():
    catalog = build_catalog()
    first = Generator(1, catalog).batch(0, 5, 1, 1).statements
    second = Generator(2, catalog).batch(0, 5, 1, 1).statements
    assert [r[1] for r in first] != [r[1] for r in second]


def test_generated_rows_keep_foreign_keys_intact():
    _generate(30, seed=4)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
    else:
        assert Statement.objects.filter(external_id__startswith="synthetic:4:", speaker__isnull=True).count() == 0
        for statement in _synthetic(4):
            assert statement.live_revision.statement_id == statement.pk


# ------------------------------------------------------------------ keyset pages at scale


def _ids_on_page(body):
    return [int(pk) for pk in re.findall(r'href="/statements/(\d+)/[^"]*"', body)]


def _next_link(body):
    match = re.search(r'href="([^"]*[?&](?:amp;)?after=[^"]*)"', body)
    return html.unescape(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("ordering", "said_before"),
    # A date filter too: the cursor's bound, written before the filter's, must still page exactly.
    [("-said_on", None), ("said_on", None), ("-said_on", "2024-05-20"), ("said_on", "2024-05-20")],
)
def test_timeline_pages_show_every_statement_exactly_once(client, editor, reviewer, ordering, said_before):
    _generate(70, seed=11)
    for i in range(6):  # equal dates: the id breaks the tie, across a page boundary too
        make_published(editor, reviewer, text=f"Same day, statement {i}.", said_on=datetime.date(2024, 5, 20))
    published = Statement.objects.published()
    if said_before:
        published = published.filter(said_on__lte=said_before)
    expected = set(published.values_list("pk", flat=True))
    seen, url = [], f"/?ordering={ordering}" + (f"&said_before={said_before}" if said_before else "")
    for _ in range(20):
        body = client.get(url).content.decode()
        seen += list(dict.fromkeys(_ids_on_page(body)))  # a row may link its permalink twice
        url = _next_link(body)
        if url is None:
            break
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == expected


# ------------------------------------------------------------------ read replica


def _database_seen_by_view(request):
    """Run the middleware around a view that asks the router where a public read would go."""
    seen = {}

    def view(req):
        seen["read"] = ReplicaRouter().db_for_read(Statement)
        seen["write"] = ReplicaRouter().db_for_write(Statement)
        return HttpResponse("ok")

    PublicReadMiddleware(view)(request)
    return seen


def test_anonymous_get_reads_from_the_replica_and_writes_to_the_primary():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert _database_seen_by_view(request) == {"read": "replica", "write": "default"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_read_from_the_primary(method):
    request = getattr(RequestFactory(), method)("/api/v1/statements/")
    request.user = AnonymousUser()
    assert _database_seen_by_view(request)["read"] == "default"


def test_desk_users_read_their_own_writes_from_the_primary():
    request = RequestFactory().get("/")
    request.user = User(username="desk", is_staff=True)
    assert _database_seen_by_view(request)["read"] == "default"


def test_token_requests_and_admin_pages_read_from_the_primary():
    with_token = RequestFactory().get("/api/v1/statements/", HTTP_AUTHORIZATION="Token abc")
    with_token.user = AnonymousUser()
    admin = RequestFactory().get("/admin/")
    admin.user = AnonymousUser()
    assert _database_seen_by_view(with_token)["read"] == "default"
    assert _database_seen_by_view(admin)["read"] == "default"


@pytest.mark.skipif(
    "replica" not in settings.DATABASES,
    reason="set DATABASE_REPLICA_URL (a second alias, mirrored onto the test database) to run",
)
@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_public_pages_read_through_the_replica_connection(client, editor, reviewer):
    statement = make_published(editor, reviewer, text="Read from the replica.")
    with CaptureQueriesContext(connections["replica"]) as replica, CaptureQueriesContext(connection) as primary:
        assert client.get(statement.get_absolute_url()).status_code == 200
    assert len(replica.captured_queries) > 0 and len(primary.captured_queries) == 0
    client.force_login(editor)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(statement.get_absolute_url()).status_code == 200
    assert replica.captured_queries == []


def test_outside_a_request_everything_uses_the_primary():
    assert public_read.get() is False
    assert ReplicaRouter().db_for_read(Statement) == "default"
    assert ReplicaRouter().allow_migrate("replica", "statements") is False


def test_postgresql_web_connections_start_no_parallel_workers():
    """Page-sized queries lost ~30 ms starting parallel workers (docs/performance.md); PG_OPTIONS sets it."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL session setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
