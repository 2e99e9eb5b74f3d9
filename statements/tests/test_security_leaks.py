"""Issue 8, items 1 to 6 across every surface at once: pages, API, exports, as anonymous and plain users.

test_public_leaks.py crawls the public pages anonymously. Here the same world of canary words
(drafts, reviews, rejections, pending corrections, unreviewed verdicts, and the speaker, topic and
outlet that exist only for a draft) is probed through the API, the exports and the pages, by an
anonymous visitor and by a signed-in user without a desk role (session and token).
"""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from statements import workflow

from .factories import content_data, make_statement, make_user
from .test_public_leaks import CANARIES, hidden_statements, named_urls, published_world, walk

pytestmark = pytest.mark.django_db

API = "/api/v1"
NEVER = 10**9
LEAKY_PARAMS = ["status=draft", "status=in_review", "ordering=status", "created_by=1", "_connector=OR",
                "note__icontains=x", "text__icontains=canary", "status__in=draft,rejected", "id__gt=0",
                "approved_by__isnull=true", "speaker__statements__status=draft", "q=a&status=rejected"]


@pytest.fixture
def world(editor, reviewer):
    published = published_world(editor, reviewer)
    published["hidden"] = hidden_statements(editor, reviewer, published)
    cache.clear()
    return published


@pytest.fixture(params=["anonymous", "plain session", "plain token"])
def visitor(request, db):
    """A client for someone outside the desk: nobody, or a signed-in reader without a role."""
    client = Client()
    if request.param == "plain session":
        client.force_login(make_user("reader"))
    elif request.param == "plain token":
        token = Token.objects.create(user=make_user("reader"))
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def no_canary(body, where):
    found = [word for word in CANARIES.values() if word in body]
    assert not found, f"{found} leaked in {where}"


# ---------------------------------------------------------------- 1 and 3: nothing hidden, anywhere


def api_urls():
    """Statement reads and exports (speakers, topics and outlets: the test after the next one)."""
    urls = [f"{API}/statements/", f"{API}/statements/export.csv", f"{API}/statements/export.jsonl",
            f"{API}/statements/?page_size=100"]
    for word in CANARIES.values():
        urls += [f"{API}/statements/?q={word.upper()}", f"{API}/statements/export.jsonl?q={word.upper()}"]
    return urls


def test_api_and_exports_show_nothing_hidden(world, visitor):
    for url in api_urls():
        response = visitor.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        no_canary(body.decode(), url)


def test_hidden_statements_are_404_like_ids_that_never_existed(world, visitor):
    never = visitor.get(f"{API}/statements/{NEVER}/")
    assert never.status_code == 404
    for statement in world["hidden"]:
        response = visitor.get(f"{API}/statements/{statement.pk}/")
        assert (response.status_code, response.content) == (404, never.content)
        for suffix in ("", f"{statement.slug}/"):
            page = visitor.get(f"/statements/{statement.pk}/{suffix}")
            assert page.status_code == 404
            assert page.content == visitor.get(f"/statements/{NEVER}/{suffix}").content


def test_speakers_topics_outlets_of_drafts_stay_hidden_in_the_api(world, visitor):
    for kind, slug in (("speakers", "canarybeta"), ("topics", "canarygamma"), ("outlets", "canarydelta")):
        never = visitor.get(f"{API}/{kind}/no-such-slug/")
        hidden = visitor.get(f"{API}/{kind}/{slug}/")
        assert (hidden.status_code, hidden.content) == (404, never.content), kind
        no_canary(visitor.get(f"{API}/{kind}/?page_size=100").content.decode(), f"/api/v1/{kind}/")
    no_canary(visitor.get(f"{API}/speakers/?name=canarybeta").content.decode(), "/api/v1/speakers/?name=")


def test_pages_show_nothing_hidden_to_a_signed_in_reader(world, client):
    client.force_login(make_user("reader"))
    bodies = walk(client, named_urls(world))
    assert len(bodies) > 40
    for url, body in bodies.items():
        no_canary(body, url)


def test_command_exports_show_nothing_hidden(world, capsys):
    for fmt in ("jsonl", "csv", "claimreview"):
        call_command("export_statements", format=fmt)
        out = capsys.readouterr().out
        assert out.strip(), fmt
        no_canary(out, f"export_statements --format {fmt}")


@pytest.mark.parametrize(("kind", "slug"), [("speaker", "canarybeta"), ("topic", "canarygamma"),
                                            ("outlet", "canarydelta")])
def test_filtering_by_a_hidden_slug_reads_like_an_unknown_slug(world, visitor, kind, slug):
    """`?speaker=<slug of a draft-only speaker>` must not answer differently from a slug that never existed."""
    for base in (f"{API}/statements/", "/", f"{API}/statements/export.jsonl"):
        hidden, unknown = visitor.get(f"{base}?{kind}={slug}"), visitor.get(f"{base}?{kind}=no-such-{kind}")
        assert hidden.status_code == unknown.status_code, (base, kind)
        if not hidden.streaming:
            assert hidden.content.replace(slug.encode(), b"X") == unknown.content.replace(
                f"no-such-{kind}".encode(), b"X"), (base, kind)


# ---------------------------------------------------------------- 2: drafts move no list, count or validator

WATCHED = ["/", "/feed/", "/speakers/", "/sitemap.xml", f"{API}/statements/", f"{API}/statements/?page_size=2",
           f"{API}/statements/export.jsonl"]


def snapshot_lists(client):
    seen = {}
    for url in WATCHED:
        cache.clear()  # recompute: a cached page would hide a change
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = (response.status_code, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                     body)
    return seen


def test_drafts_do_not_move_lists_counts_or_validators(world, editor, reviewer):
    client = Client()
    before = snapshot_lists(client)
    draft = make_statement(editor, text="A brand new draft.", speaker=world["speaker"])
    workflow.edit_statement(draft, actor=editor, data=content_data(speaker=world["speaker"], text="Edited draft."),
                            expected_version=draft.version)
    workflow.submit(draft, actor=editor)
    workflow.request_changes(draft, actor=reviewer, comment="Check the date.")
    assert snapshot_lists(client) == before


# ---------------------------------------------------------------- 4: undeclared parameters change nothing


STATEMENT_LINK = re.compile(rb"/statements/(\d+)/|\"id\":\s*(\d+)")
COUNT = re.compile(rb"(\d[\d,]*) statements?\b")


def shown(response):
    """Which statements a response shows, in order, and the counts it states: what a parameter might change."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return STATEMENT_LINK.findall(body), COUNT.findall(body), body


def test_undeclared_parameters_are_refused_or_ignored(world, visitor):
    """One world, every base and parameter: building the world per case would take minutes."""
    for base in ("/", "/feed/", "/speakers/", f"{API}/statements/", f"{API}/statements/export.jsonl"):
        plain_links, plain_counts, _ = shown(visitor.get(base))
        for params in LEAKY_PARAMS:
            probed = visitor.get(f"{base}?{params}")
            assert probed.status_code in (200, 400), (base, params, probed.status_code)
            if probed.status_code == 400:
                continue
            links, counts, body = shown(probed)
            no_canary(body.decode(), f"{base}?{params}")
            if not params.startswith("q="):
                assert (links, counts) == (plain_links, plain_counts), f"{base}?{params}"


# ---------------------------------------------------------------- 5: desk views are never cached publicly


def private(response):
    cache_control = response.headers.get("Cache-Control", "")
    return "private" in cache_control and "no-store" in cache_control


def test_desk_responses_are_private_and_no_store(world, editor):
    assert private(Client().get("/admin/login/"))
    desk = Client()
    desk.force_login(editor)
    draft_page = f"/admin/statements/statement/{world['hidden'][0].pk}/change/"
    for url in ("/admin/", "/admin/statements/statement/", draft_page, "/", f"{API}/statements/?status=draft",
                world["plain"].get_absolute_url()):
        assert private(desk.get(url)), url
    token = Token.objects.create(user=editor)
    assert private(Client(HTTP_AUTHORIZATION=f"Token {token.key}").get(f"{API}/statements/?status=draft"))


def test_public_pages_stay_cacheable_for_anonymous_visitors(world):
    response = Client().get("/")
    assert response.status_code == 200 and not private(response)
    assert "public" in response.headers.get("Cache-Control", "")


def test_a_desk_visit_never_fills_the_public_cache(world, editor):
    """Whatever a desk user's page holds, the next anonymous visitor gets the anonymous page."""
    cache.clear()
    fresh = Client().get("/").content
    cache.clear()
    desk = Client()
    desk.force_login(make_user("desk-person-zq", "editor"))
    desk_page = desk.get("/")
    assert private(desk_page)
    assert Client().get("/").content == fresh


# ---------------------------------------------------------------- 6: errors name nothing hidden


def test_error_answers_name_no_hidden_id_or_text(world, visitor):
    hidden_ids = {str(s.pk) for s in world["hidden"]}
    probes = [f"{API}/statements/{s.pk}/" for s in world["hidden"]]
    probes += [f"{API}/statements/{s.pk}/approve/" for s in world["hidden"]]
    for url in probes:
        response = visitor.get(url) if not url.endswith("approve/") else visitor.post(url, {})
        assert response.status_code in (401, 403, 404, 405), (url, response.status_code)
        body = response.content.decode()
        no_canary(body, url)
        assert not any(re.search(rf"\b{pk}\b", body) for pk in hidden_ids), (url, body)
