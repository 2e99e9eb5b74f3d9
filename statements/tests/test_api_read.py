"""The public read API: what anyone sees, filters, cursor pages, ETags, reference lists."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

import datetime

import pytest
from django.test import override_settings

from statements import workflow
from statements.models import Source, Statement

from .api_helpers import LIST, admin, anon, client_for, detail, fresh_throttle  # noqa: F401
from .factories import make_outlet, make_published, make_speaker, make_statement, make_topic, make_user

pytestmark = pytest.mark.django_db

RESULT_FIELDS = {
    "id", "url", "api_url", "text", "kind", "language", "translation", "speaker", "speaker_role", "said_on",
    "said_on_precision", "approximate", "medium", "venue", "topics", "sources", "attribution_status", "verdict",
    "corrections", "relations", "published_at", "updated_at",
}


def hidden_statements(editor, reviewer):
    """One statement in every state the public must never see, each with a canary word."""
    draft = make_statement(editor, text="canary-draft words")
    review = workflow.submit(make_statement(editor, text="canary-review words"), actor=editor)
    changes = workflow.submit(make_statement(editor, text="canary-changes words"), actor=editor)
    workflow.request_changes(changes, actor=reviewer, comment="Check it.")
    rejected = workflow.submit(make_statement(editor, text="canary-rejected words"), actor=editor)
    workflow.reject(rejected, actor=reviewer, reason="No.")
    return [draft, review, changes, rejected]


def texts(response):
    return [r["text"] for r in response.json()["results"]]


def test_list_shows_published_only_with_exact_fields(editor, reviewer, anon):
    published = make_published(editor, reviewer, text="A published quote.")
    hidden_statements(editor, reviewer)
    retracted = make_published(editor, reviewer, text="canary-retracted words")
    workflow.retract(retracted, actor=reviewer, reason="The outlet withdrew it.")
    response = anon.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert texts(response) == ["A published quote."]
    result = body["results"][0]
    assert set(result) == RESULT_FIELDS
    assert result["id"] == published.pk
    assert result["url"].endswith(published.get_absolute_url())
    assert result["api_url"] == "http://testserver" + detail(published.pk)
    assert result["speaker"] == {
        "id": published.speaker_id, "name": "Volodymyr Zelenskyy", "slug": published.speaker.slug, "anonymous": False,
    }
    assert result["sources"][0]["outlet"] == {"slug": "breaking-defense", "name": "Breaking Defense"}
    assert set(result["sources"][0]) == {
        "url", "citation", "outlet", "title", "published_on", "archive_url", "excerpt", "primary",
    }
    assert "canary" not in response.content.decode()


def test_detail_of_hidden_is_404_like_a_missing_id(editor, reviewer, anon):
    hidden = hidden_statements(editor, reviewer)
    plain = client_for(make_user("reader"))
    missing = anon.get(detail(999999))
    assert missing.status_code == 404
    for statement in hidden:
        for client in (anon, plain):
            response = client.get(detail(statement.pk))
            assert (response.status_code, response.content) == (404, missing.content)


def test_desk_sees_drafts_in_detail_and_by_status(editor, reviewer, admin):
    draft = hidden_statements(editor, reviewer)[0]
    for user in (editor, reviewer, admin):
        client = client_for(user)
        data = client.get(detail(draft.pk)).json()
        assert (data["status"], data["version"]) == ("draft", draft.version)
        assert texts(client.get(LIST, {"status": "draft"})) == ["canary-draft words"]
        assert texts(client.get(LIST, {"status": "in_review"})) == ["canary-review words"]
    assert client_for(editor).get(LIST, {"status": "bogus"}).status_code == 400


def test_status_parameter_never_widens_the_public_set(editor, reviewer, anon):
    hidden_statements(editor, reviewer)
    make_published(editor, reviewer, text="Public.")
    for client in (anon, client_for(make_user("reader"))):
        for value in ("draft", "in_review", "rejected"):
            response = client.get(LIST, {"status": value})
            assert response.status_code == 200 and texts(response) == ["Public."]
        assert client.get(LIST, {"status": "bogus"}).status_code == 400


def test_retracted_statement_detail_shows_the_retraction(editor, reviewer, anon):
    statement = make_published(editor, reviewer)
    workflow.retract(statement, actor=reviewer, reason="The outlet withdrew its report.")
    data = anon.get(detail(statement.pk)).json()
    assert [(c["kind"], c["note"]) for c in data["corrections"]] == [("retraction", "The outlet withdrew its report.")]
    assert anon.get(LIST).json()["results"] == []


def test_verdict_only_once_published(editor, reviewer, reviewer2, anon):
    statement = make_published(editor, reviewer)
    workflow.save_verdict(statement, actor=editor, claim="NATO spends 40bn a year", rating="mostly_true",
                          summary="Close to the figure reported.")
    assert anon.get(detail(statement.pk)).json()["verdict"] is None
    assert anon.get(LIST, {"verdict": "mostly_true"}).json()["results"] == []
    workflow.submit_verdict(statement, actor=editor)
    workflow.approve_verdict(statement, actor=reviewer)
    verdict = anon.get(detail(statement.pk)).json()["verdict"]
    assert verdict == {"rating": "mostly_true", "rating_value": 4, "claim": "NATO spends 40bn a year",
                       "summary": "Close to the figure reported."}
    assert len(anon.get(LIST, {"verdict": "mostly_true"}).json()["results"]) == 1


def test_correction_appears_as_a_public_note(editor, reviewer, reviewer2, anon):
    statement = make_published(editor, reviewer, text="Original words.")
    workflow.edit_statement(statement, actor=editor, data={**_content(statement), "text": "Corrected words."},
                            expected_version=statement.version, comment="Misquoted a word.")
    assert anon.get(detail(statement.pk)).json()["text"] == "Original words."
    workflow.approve_revision(statement, actor=reviewer2, revision_number=None)
    data = anon.get(detail(statement.pk)).json()
    assert data["text"] == "Corrected words."
    assert [(c["kind"], c["note"], c["changed_fields"]) for c in data["corrections"]] == [
        ("correction", "Misquoted a word.", ["text"])
    ]


def _content(statement):
    from statements.content import snapshot

    return snapshot(statement)


@pytest.fixture
def corpus(editor, reviewer):
    """Four published statements that differ in every filterable way."""
    zelensky = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskiy"], country="UA")
    sikorski = make_speaker("Radosław Sikorski", country="PL", slug="radoslaw-sikorski")
    nato, drones = make_topic("NATO"), make_topic("Drones")
    rferl = make_outlet("RFE RL")
    source = {"url": "https://www.rferl.org/a/33117614.html", "outlet_id": rferl.pk, "title": "Calls grow"}
    return {
        "a": make_published(editor, reviewer, speaker=zelensky, text="Why can't we shoot them down?",
                            said_on=datetime.date(2024, 5, 20), topic_ids=[nato.pk], medium="interview"),
        "b": make_published(editor, reviewer, speaker=sikorski, text="Poland has a duty to shoot down missiles.",
                            said_on=datetime.date(2024, 7, 1), said_on_precision="month", topic_ids=[drones.pk],
                            medium="speech", sources=[source]),
        "c": make_published(editor, reviewer, speaker=zelensky, text="Ми збиваємо дрони щодня.", language="uk",
                            said_on=datetime.date(2024, 9, 11), medium="press_conference"),
        "d": make_published(editor, reviewer, speaker=sikorski, text="We will not shoot them down alone.",
                            said_on=datetime.date(2023, 1, 1), said_on_precision="year", medium="speech"),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["c", "b", "a", "d"]),
        ({"speaker": "SIK"}, ["b", "d"]),
        ({"topic": "nato"}, ["a"]),
        ({"outlet": "rfe-rl"}, ["b"]),
        ({"country": "ua"}, ["c", "a"]),
        ({"medium": "speech"}, ["b", "d"]),
        ({"language": "uk"}, ["c"]),
        ({"said_after": "2024-06-01"}, ["c", "b"]),
        ({"said_before": "2024-06-01"}, ["a", "d"]),
        ({"said_after": "2024-01-01", "said_before": "2024-08-01"}, ["b", "a"]),
        ({"ordering": "said_on"}, ["d", "a", "b", "c"]),
        ({"ordering": "-said_on"}, ["c", "b", "a", "d"]),
        ({"ordering": "-published_at"}, ["d", "c", "b", "a"]),
        ({"q": "shoot"}, ["b", "a", "d"]),
        ({"q": "shoot", "ordering": "relevance", "speaker": "SIK"}, ["b", "d"]),
    ],
)
def test_filters_and_ordering(corpus, anon, params, expected):
    if params.get("speaker") == "SIK":
        params = {**params, "speaker": corpus["b"].speaker.slug}
    response = anon.get(LIST, params)
    assert response.status_code == 200, response.json()
    got = [r["id"] for r in response.json()["results"]]
    wanted = [corpus[k].pk for k in expected]
    assert (sorted(got) if params.get("ordering") == "relevance" else got) == (
        sorted(wanted) if params.get("ordering") == "relevance" else wanted
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"speaker": "nobody-by-that-name"}, "speaker"),
        ({"topic": "Not A Slug!"}, "topic"),
        ({"said_after": "03/04/2024"}, "said_after"),
        ({"said_before": "2024-02-30"}, "said_before"),
        ({"medium": "telepathy"}, "medium"),
        ({"verdict": "pants_on_fire"}, "verdict"),
        ({"language": "english"}, "language"),
        ({"country": "Ukraine"}, "country"),
        ({"ordering": "status"}, "ordering"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"cursor": "bogus"}, "cursor"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(db, anon, params, field):
    response = anon.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_cursor_pages_return_each_statement_exactly_once(editor, reviewer, anon):
    days = [datetime.date(2024, 5, 20)] * 6 + [datetime.date(2024, 5, d) for d in range(1, 8)]
    made = [make_published(editor, reviewer, text=f"Statement {i}", said_on=day).pk for i, day in enumerate(days)]
    for ordering in ("-said_on", "said_on", "-published_at"):
        seen, pages, url = [], [], LIST + f"?page_size=4&ordering={ordering}"
        while url:
            body = anon.get(url).json()
            pages.append(body)
            seen += [r["id"] for r in body["results"]]
            url = body["next"]
        assert sorted(seen) == sorted(made) and len(seen) == len(made)
        assert pages[0]["previous"] is None and pages[-1]["next"] is None
        # Walking back with `previous` gives the same pages in reverse.
        back, url = [], pages[-1]["previous"]
        while url:
            body = anon.get(url).json()
            back.insert(0, [r["id"] for r in body["results"]])
            url = body["previous"]
        assert back == [[r["id"] for r in p["results"]] for p in pages[:-1]]


def test_cursor_of_another_ordering_is_refused(editor, reviewer, anon):
    for i in range(3):
        make_published(editor, reviewer, text=f"Statement {i}")
    next_link = anon.get(LIST, {"page_size": 1}).json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]
    assert anon.get(LIST, {"cursor": cursor, "ordering": "said_on"}).status_code == 400


def test_page_size_is_capped_at_100(db, anon):
    from statements.synthetic import generate

    generate(101, seed=11, log=lambda line: None, workers=1)  # published in bulk: fast
    body = anon.get(LIST, {"page_size": "1000000"}).json()
    assert len(body["results"]) == 100 and body["next"]
    assert len(anon.get(body["next"]).json()["results"]) == 1
    assert len(anon.get(LIST, {"page_size": "9" * 30}).json()["results"]) == 100


def test_list_query_count_does_not_grow_with_results(editor, reviewer, anon, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = make_topic("NATO")
    for i in range(3):
        make_published(editor, reviewer, text=f"Quote {i}", topic_ids=[topic.pk])
    with CaptureQueriesContext(connection) as three:
        assert len(anon.get(LIST).json()["results"]) == 3
    for i in range(27):
        make_published(editor, reviewer, text=f"More {i}", topic_ids=[topic.pk])
    with CaptureQueriesContext(connection) as thirty:
        assert len(anon.get(LIST, {"page_size": 30, "ordering": "-published_at"}).json()["results"]) == 30
    url = detail(Statement.objects.first().pk)
    with CaptureQueriesContext(connection) as one:
        assert anon.get(url).status_code == 200
    assert len(three) == len(thirty) == len(one) == 2  # the statements, then their sources, topics and public notes


def test_sources_topics_and_public_notes_keep_their_order(editor, reviewer, reviewer2, anon):
    """Sources in the order the desk gave, topics by slug, public notes oldest first: in the list and the detail."""
    topics = [make_topic(name) for name in ("Zeta", "Alpha", "Mid")]
    sources = [
        {"url": f"https://news.example/{name}", "title": name, "outlet_id": make_outlet(f"Outlet {name}").pk,
         "primary": name == "b", "published_on": datetime.date(2024, 5, 20) if name == "a" else None}
        for name in "abc"
    ]
    statement = make_published(editor, reviewer, topic_ids=[t.pk for t in topics], sources=sources)
    for note, now in (  # the second approval dated earlier, as a note imported from another archive may be
        ("Dated later.", datetime.datetime(2025, 1, 3, 10, 0, 0, 120000, tzinfo=datetime.UTC)),
        ("Dated earlier.", datetime.datetime(2025, 1, 2, 10, 0, tzinfo=datetime.UTC)),
    ):
        statement.refresh_from_db()
        workflow.edit_statement(statement, actor=editor, data={**_content(statement), "text": note},
                                expected_version=statement.version, comment=note)
        workflow.approve_revision(statement, actor=reviewer2, revision_number=None, now=now)
    for title, position in (("a", 2), ("b", 0), ("c", 1)):  # positions no longer in the order of the rows' ids
        Source.objects.filter(statement=statement, title=title).update(position=position)
    for result in (anon.get(LIST).json()["results"][0], anon.get(detail(statement.pk)).json()):
        assert [(s["title"], s["primary"], s["published_on"]) for s in result["sources"]] == [
            ("b", True, None), ("c", False, None), ("a", False, "2024-05-20"),
        ]
        assert result["sources"][0]["outlet"] == {"slug": "outlet-b", "name": "Outlet b"}
        assert [t["slug"] for t in result["topics"]] == ["alpha", "mid", "zeta"]
        assert [(c["note"], c["changed_fields"], c["created_at"]) for c in result["corrections"]] == [
            ("Dated earlier.", ["text"], "2025-01-02T10:00:00+00:00"),
            ("Dated later.", ["text"], "2025-01-03T10:00:00.120000+00:00"),
        ]


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "ua", "ordering": "-published_at"}, {"verdict": "mostly_true"}, {"topic": "nato"},
     {"outlet": "rfe-rl"}, {"q": "shoot", "ordering": "relevance"}, {"q": "-shoot", "ordering": "said_on"}],
)
def test_api_rows_are_the_rows_exports_read(corpus, reviewer2, rf, params):
    """The list's own SQL (one query for the rows, one for what they carry) reads what the ORM path does."""
    from statements.api import rows
    from statements.filters import StatementFilter

    statement = corpus["a"]
    workflow.save_verdict(statement, actor=statement.created_by, claim="Claim", rating="mostly_true", summary="S.")
    workflow.submit_verdict(statement, actor=statement.created_by)
    workflow.approve_verdict(statement, actor=reviewer2)
    filterset = StatementFilter(rf.get(LIST, params).GET, queryset=Statement.objects.published())
    assert filterset.is_valid()
    for page in (filterset.qs[:3], filterset.qs.distinct()[:3]):  # distinct: the ORM path itself
        exported = [
            {key: row[key] for key in (*rows.API_COLUMNS, "sources", "topics", "corrections", "evidence")}
            for row in rows.attach(rows.fetch(page))
        ]
        whole = rows.fetch_whole(page)
        assert [row.pop("relations") for row in whole] == [[]] * len(whole)  # the API's own: test_relations.py
        assert whole == exported
    assert rows.fetch_whole(filterset.qs[:3])


def test_etag_and_304_unchanged_by_drafts(editor, reviewer, anon):
    statement = make_published(editor, reviewer)
    first = anon.get(LIST)
    etag, detail_etag = first["ETag"], anon.get(detail(statement.pk))["ETag"]
    assert anon.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert anon.get(detail(statement.pk), HTTP_IF_NONE_MATCH=detail_etag).status_code == 304
    draft = make_statement(editor, text="canary-draft")
    workflow.edit_statement(statement, actor=editor, data={**_content(statement), "text": "canary-pending"},
                            expected_version=statement.version, comment="Fix.")
    workflow.edit_statement(draft, actor=editor, data={**_content(draft), "text": "canary-draft-2"},
                            expected_version=draft.version)
    assert anon.get(LIST)["ETag"] == etag
    assert anon.get(detail(statement.pk))["ETag"] == detail_etag
    make_published(editor, reviewer, text="New public quote")
    changed = anon.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_cors_is_open_for_reads(editor, reviewer, anon):
    make_published(editor, reviewer)
    response = anon.get(LIST, HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_desk_answers_are_private(editor):
    response = client_for(editor).get(LIST)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_anonymous_rate_limit_answers_429_with_retry_after(db, anon, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    codes = [anon.get(LIST).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = anon.get(LIST)
    assert int(limited["Retry-After"]) > 0 and "detail" in limited.json()


# ---------------------------------------------------------------- speakers, topics, outlets


def test_speakers_match_aliases_and_count_published_only(editor, reviewer, anon):
    zelensky = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskiy", "Зеленський"])
    sikorski = make_speaker("Radosław Sikorski")
    make_speaker("Only In A Draft")
    make_published(editor, reviewer, speaker=zelensky)
    make_published(editor, reviewer, speaker=sikorski, text="Poland has a duty.")
    make_statement(editor, speaker=zelensky, text="canary-draft")
    for name in ("zelenksyy", "Zelenskiy", "ЗЕЛЕНСЬКИЙ", "zelenskyy"):
        found = anon.get("/api/v1/speakers/", {"name": name}).json()["results"]
        assert [s["slug"] for s in found] == ([zelensky.slug] if name != "zelenksyy" else [])
    everyone = anon.get("/api/v1/speakers/").json()["results"]
    assert [s["name"] for s in everyone] == ["Radosław Sikorski", "Volodymyr Zelenskyy"]
    data = anon.get(f"/api/v1/speakers/{zelensky.slug}/").json()
    assert data["statement_count"] == 1
    assert sorted(data["aliases"]) == ["Zelenskiy", "Зеленський"]
    assert data["statements_url"].endswith(f"/api/v1/statements/?speaker={zelensky.slug}")
    assert anon.get("/api/v1/speakers/nobody/").status_code == 404


def test_topics_and_outlets(editor, reviewer, anon):
    make_published(editor, reviewer, topic_ids=[make_topic("Air defense").pk])
    make_topic("Unused")
    topics = anon.get("/api/v1/topics/").json()["results"]
    assert [(t["slug"], t["name"]) for t in topics] == [("air-defense", "Air defense")]
    assert anon.get("/api/v1/topics/air-defense/").json()["name"] == "Air defense"
    outlets = anon.get("/api/v1/outlets/").json()["results"]
    assert [o["slug"] for o in outlets] == ["breaking-defense"]
    assert anon.get("/api/v1/outlets/breaking-defense/").status_code == 200
    assert anon.get("/api/v1/outlets/missing/").status_code == 404


def test_reference_lists_page_by_cursor(editor, reviewer, anon):
    make_published(editor, reviewer, topic_ids=[make_topic(f"Topic {i}").pk for i in range(5)])
    first = anon.get("/api/v1/topics/", {"page_size": 2}).json()
    second = anon.get(first["next"]).json()
    assert [t["name"] for t in first["results"] + second["results"]] == ["Topic 0", "Topic 1", "Topic 2", "Topic 3"]


@override_settings(DEBUG=False)
def test_schema_and_docs_are_served(db, anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/statements/", "/api/v1/statements/{id}/approve-revision/", "/api/v1/auth/token/",
                 "/api/v1/statements/export.csv", "/api/v1/speakers/{slug}/"):
        assert path in paths
    docs = anon.get("/api/docs/")
    assert docs.status_code == 200 and b"<script>" not in docs.content  # the CSP allows no inline script
    assert anon.get("/api/docs/?script=").status_code == 200
