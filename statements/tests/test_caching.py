"""Public page cache, cache headers and conditional GET: fresh after every public change, never for the desk."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from statements import caching, signals, workflow
from statements.content import snapshot
from statements.models import Speaker, Statement

from .factories import content_data, make_speaker, make_statement
from .public_site import correct, html, publish

pytestmark = pytest.mark.django_db

TIMELINE = reverse("statements:timeline")
STATE = caching.CACHE_HEADER


def test_public_pages_are_cacheable_with_an_etag(client, editor, reviewer):
    statement = publish(editor, reviewer, "Cache me.")
    for url in (TIMELINE, statement.get_absolute_url(), reverse("statements:feed"), reverse("statements:sitemap")):
        first = client.get(url)
        assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
        assert first["ETag"] and first[STATE] == "miss"
        again = client.get(url)
        assert again[STATE] == "hit" and again["ETag"] == first["ETag"] and again.content == first.content


def test_matching_if_none_match_gets_a_304(client, editor, reviewer):
    statement = publish(editor, reviewer, "Conditional words.")
    for url in (TIMELINE, statement.get_absolute_url(), reverse("statements:feed")):
        etag = client.get(url)["ETag"]
        not_modified = client.get(url, headers={"if-none-match": etag})
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified["ETag"] == etag
        assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_desk_users_neither_read_nor_fill_the_public_cache(client, editor, reviewer):
    publish(editor, reviewer, "Seen by everyone.")
    client.force_login(editor)
    desk = client.get(TIMELINE)
    assert "private" in desk["Cache-Control"] and "no-store" in desk["Cache-Control"]
    assert STATE not in desk
    client.logout()
    assert client.get(TIMELINE)[STATE] == "miss"  # the desk visit left nothing behind
    assert client.get(TIMELINE, headers={"authorization": "Token abc"}).get(STATE) is None


def test_etag_does_not_move_when_drafts_change(client, editor, reviewer):
    statement = publish(editor, reviewer, "The public version.")
    before = {url: client.get(url)["ETag"] for url in (TIMELINE, statement.get_absolute_url())}
    draft = make_statement(editor, text="A new draft.")
    workflow.edit_statement(draft, actor=editor, data=content_data(text="An edited draft."),
                            expected_version=draft.version)
    workflow.submit(draft, actor=editor)
    data = {**snapshot(statement), "text": "A proposed correction."}
    workflow.edit_statement(statement, actor=editor, data=data, comment="Better wording.",
                            expected_version=statement.version)
    cache.clear()  # even re-rendered from the database, nothing public changed
    after = {url: client.get(url)["ETag"] for url in before}
    assert after == before


def test_publishing_invalidates(client, editor, reviewer):
    publish(editor, reviewer, "Already there.")
    assert client.get(TIMELINE)[STATE] == "miss"
    publish(editor, reviewer, "Newly published.")
    response = client.get(TIMELINE)
    assert response[STATE] == "miss" and "Newly published." in html(response)


def test_correction_invalidates(client, editor, reviewer):
    statement = publish(editor, reviewer, "Wording with a tpyo.")
    url = statement.get_absolute_url()
    client.get(TIMELINE), client.get(url)
    corrected = correct(statement, editor, reviewer, comment="Typo.", text="Wording with a typo fixed.")
    assert "typo fixed" in html(client.get(TIMELINE))
    assert "tpyo" not in html(client.get(TIMELINE))
    assert "Wording with a typo fixed." in html(client.get(corrected.get_absolute_url(), follow=True))


def test_retraction_invalidates_after_commit(client, editor, reviewer, django_capture_on_commit_callbacks):
    statement = publish(editor, reviewer, "Words soon retracted.")
    url = statement.get_absolute_url()
    assert "Words soon retracted." in html(client.get(TIMELINE))
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.retract(Statement.objects.get(pk=statement.pk), actor=reviewer, reason="Fabricated interview.")
        client.get(TIMELINE)  # a reader during the transaction refills the cache
    assert callbacks  # public_changed ran after the commit and started a new generation
    assert "Words soon retracted." not in html(client.get(TIMELINE))
    assert "Fabricated interview." in html(client.get(url))
    assert "Fabricated interview." in html(client.get(reverse("statements:corrections")))


def test_renaming_a_speaker_or_an_outlet_shows_at_once_on_cached_pages(
    client, editor, reviewer, django_capture_on_commit_callbacks
):
    statement = publish(editor, reviewer, "Words under an old name.")
    speaker, outlet = statement.speaker, statement.sources.get().outlet
    page = html(client.get(TIMELINE))
    assert speaker.name in page and outlet.name in page
    assert client.get(TIMELINE)[STATE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        speaker.name, outlet.name = "Renamed Speaker", "Renamed Outlet"
        speaker.save(), outlet.save()
    response = client.get(TIMELINE)
    assert response[STATE] == "miss"
    assert "Renamed Speaker" in html(response) and "Renamed Outlet" in html(response)


def test_entering_a_new_speaker_for_a_draft_keeps_the_public_cache(
    client, editor, reviewer, django_capture_on_commit_callbacks
):
    publish(editor, reviewer, "Cached words.")
    client.get(TIMELINE)
    with django_capture_on_commit_callbacks(execute=True):
        make_speaker("Not Yet Public", slug="not-yet-public")
    assert client.get(TIMELINE)[STATE] == "hit"


def test_public_changed_signal_starts_a_new_generation(db):
    first = caching.generation()
    signals.public_changed.send(sender=Statement, statement_id=1)
    assert caching.generation() != first


def test_a_page_reads_the_shared_cache_twice_once_its_memos_are_known(client, editor, reviewer, monkeypatch):
    """With Redis every read is a round trip: the generation is read once per request, and the
    menus, count and chart a process has already fetched for this generation are not read again."""
    publish(editor, reviewer, "Counted reads.", speaker=make_speaker("Reader Count", slug="reader-count"))
    url = f"{TIMELINE}?speaker=reader-count&q=counted"
    assert "1 statement<" in html(client.get(url))  # fills the memos of this generation
    page_key = caching._key("page", url)
    cache.delete(page_key)
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    response = client.get(url)
    assert response[STATE] == "miss" and "1 statement<" in html(response)
    assert reads == [caching.GENERATION_KEY, page_key]
    publish(editor, reviewer, "Counted again.", speaker=Speaker.objects.get(slug="reader-count"))
    assert "2 statements<" in html(client.get(url))  # a new generation: the memos are fetched afresh


def test_head_requests_are_served(client, editor, reviewer):
    publish(editor, reviewer, "Heads up.")
    response = client.head(TIMELINE)
    assert response.status_code == 200 and response["ETag"]


def test_the_shared_file_cache_stays_bounded_while_pruning_only_now_and_then(tmp_path):
    """Production without Redis: pages go to files; the directory must not grow without end."""
    from archive.filecache import CULL_EVERY, FileBasedCache

    files = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    for n in range(3000):
        files.set(f"page-{n}", f"body {n}")
    kept = len(list(tmp_path.glob("*.djcache")))
    assert 0 < kept < 50 + 3 * CULL_EVERY
    assert files.get("page-2999") in ("body 2999", None)  # the newest may have been pruned, never garbled
