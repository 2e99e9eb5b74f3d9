"""Bad input gets a clear answer, never a 500: NUL bytes, broken Unicode, huge bodies, odd parameters.
And what is sent comes back byte for byte, in every script."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

import json
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements import workflow
from statements.models import Statement

from .api_helpers import LIST, action_url, anon, client_for, detail, fresh_throttle  # noqa: F401
from .factories import make_outlet, make_published, make_speaker

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {
        "text": "A quote.", "speaker_name": "Zelenskyy", "said_on": "2024-05-20",
        "sources": [{"url": "https://example.org/a"}],
    }
    data.update(overrides)
    return data


def post_raw(client, url, raw, method="post"):
    return getattr(client, method)(url, data=raw, content_type="application/json")


@pytest.mark.parametrize(
    "params",
    [{"q": "drone\x00"}, {"speaker": "a\x00b"}, {"cursor": "\x00"}, {"ordering": "\x00"}, {"page_size": "1\x00"},
     {"x\x00": "1"}, {"said_after": "2024-01-01\x00"}],
)
def test_nul_in_query_is_400(db, anon, params):
    response = anon.get(LIST, params)
    assert response.status_code == 400 and response.json()


def test_nul_in_path_is_400(db, anon):
    assert anon.get("/api/v1/speakers/a%00b/").status_code == 400
    assert anon.get("/api/v1/topics/%00/").status_code == 400
    assert anon.get("/api/v1/statements/1%00/").status_code == 400


@pytest.mark.parametrize(
    "raw",
    [
        '{"text": "nul \\u0000 byte", "speaker_name": "Z", "said_on": "2024-05-20", "sources": [{"url": "https://e.org"}]}',
        '{"text": "lone \\ud800 surrogate", "speaker_name": "Z", "said_on": "2024-05-20"}',
        '{"text": "ok", "speaker_name": "Z\\udfff", "said_on": "2024-05-20"}',
        '{"text": "ok", "speaker_name": "Z", "said_on": "2024-05-20", "sources": [{"citation": "\\ud83d"}]}',
        '{"\\ud800": 1, "text": "ok", "speaker_name": "Z", "said_on": "2024-05-20"}',
    ],
)
def test_nul_and_lone_surrogates_in_body_are_400(editor, raw):
    response = post_raw(client_for(editor), LIST, raw)
    assert response.status_code == 400 and response.json()
    assert not Statement.objects.exists()


def test_broken_json_and_non_objects_are_400(editor):
    client = client_for(editor)
    for raw in ("{", "[1, 2]", '"text"', "null", b"\xff\xfe{}"):
        assert post_raw(client, LIST, raw).status_code == 400


def test_huge_body_is_refused_unread(editor):
    # Refused on its declared size, before parsing or touching the database (timing: docs/reliability.md).
    client = client_for(editor)
    raw = json.dumps(body(text="x" * (30 * 1024 * 1024)))
    with CaptureQueriesContext(connection) as queries:
        response = post_raw(client, LIST, raw)
    assert response.status_code == 413 and "detail" in response.json()
    assert not [q for q in queries if "statements_statement" in q["sql"]]


def test_megabyte_quote_and_ten_thousand_sources_are_400(editor):
    client = client_for(editor)
    assert post_raw(client, LIST, json.dumps(body(text="x" * 1_000_000))).status_code == 400
    many = body(sources=[{"url": f"https://example.org/{i}"} for i in range(10_000)])
    with CaptureQueriesContext(connection) as queries:
        response = post_raw(client, LIST, json.dumps(many))
    assert response.status_code == 400 and "sources" in response.json()
    assert len(queries) < 20  # refused by the size cap, not by validating ten thousand rows


@pytest.mark.parametrize("pk", ["99999999999999999999999999", "abc", "-1", "1.5", "٣"])
def test_odd_ids_are_404(db, anon, pk):
    assert anon.get(f"/api/v1/statements/{pk}/").status_code == 404


def test_undeclared_parameters_are_ignored(editor, reviewer, anon):
    make_published(editor, reviewer, text="Public.")
    from statements.tests.factories import make_statement

    make_statement(editor, text="canary-draft")
    for params in ({"created_by": editor.pk}, {"_connector": "OR"}, {"note__icontains": "x"}, {"page": 10**9},
                   {"status__in": "draft"}, {"text__icontains": "canary"}):
        response = anon.get(LIST, params)
        assert response.status_code == 200 and [r["text"] for r in response.json()["results"]] == ["Public."]


def test_forged_cursors_are_400(editor, reviewer, anon):
    import base64

    make_published(editor, reviewer)
    for payload in ({"k": ["2024-05-20", 10**30], "s": "-said_on,-id"}, {"k": [1, 2], "s": "-said_on,-id"},
                    {"k": ["x", "y"], "s": "-said_on,-id"}, {"k": None, "s": "offset", "o": -5},
                    {"k": ["2024-05-20"], "s": "-said_on,-id"}, [], {"k": [True, 1], "s": "-said_on,-id"}):
        cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
        assert anon.get(LIST, {"cursor": cursor}).status_code == 400, payload


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["q", "speaker", "topic", "said_after", "ordering", "cursor", "page_size", "country"]),
       value=st.text(max_size=60))
def test_any_query_value_is_never_a_server_error(db, anon, name, value):
    from django.core.cache import cache

    cache.clear()
    response = anon.get(LIST, {name: value})
    assert response.status_code in (200, 400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(
    st.sampled_from(["text", "speaker_name", "said_on", "sources", "topics", "kind", "speaker_id", "medium"]),
    st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3),
              st.booleans()),
))
def test_any_create_body_is_never_a_server_error(editor, payload):
    response = client_for(editor).post(LIST, payload, format="json")
    assert response.status_code in (201, 400)


# ---------------------------------------------------------------- Unicode, byte for byte

UNICODE_TEXTS = [
    "Ми не можемо їх збити? Це оборона? Так.",  # Ukrainian
    "لا يمكننا إسقاطها؟ هل هذا دفاع؟ نعم.",  # Arabic, right to left
    "Family: 👨‍👩‍👧‍👦, flag: 🏳️‍🌈, skin: 👋🏽",  # emoji joined by ZWJ, variation selectors
    "Cafe\u0301 vs Café, Ångström\u030a",  # combining accents, deliberately not NFC
    "  leading and trailing spaces kept  ",
]


def test_unicode_round_trip_post_get_export(editor, reviewer, anon):
    make_outlet()
    speaker_name = "Evil \u202eReversed\u202c Name"
    for text in UNICODE_TEXTS:
        created = client_for(editor).post(LIST, body(text=text, speaker_name=speaker_name, translation=text,
                                                     sources=[{"citation": text}]), format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        statement = Statement.objects.get(pk=pk)
        workflow.submit(statement, actor=editor)
        workflow.approve(statement, actor=reviewer)
        data = anon.get(detail(pk)).json()
        assert data["text"] == text and data["translation"] == text and data["sources"][0]["citation"] == text
        assert data["speaker"]["name"] == speaker_name
        assert unicodedata.is_normalized("NFC", text) == unicodedata.is_normalized("NFC", data["text"])
    exported = b"".join(anon.get(LIST + "export.jsonl").streaming_content).decode("utf-8")
    csv_text = b"".join(anon.get(LIST + "export.csv").streaming_content).decode("utf-8")
    for text in UNICODE_TEXTS:
        assert json.dumps(text, ensure_ascii=False) in exported
        assert text.strip() in csv_text
    assert speaker_name in exported


def test_speaker_name_with_controls_is_refused(editor):
    response = client_for(editor).post(LIST, body(speaker_name="Bad\x07Name"), format="json")
    assert response.status_code == 400 and "speaker_name" in response.json()


def test_script_payloads_are_stored_as_text(editor, reviewer, anon):
    make_speaker("Zelenskyy")
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}'
    pk = client_for(editor).post(LIST, body(text=payload), format="json").json()["id"]
    statement = Statement.objects.get(pk=pk)
    workflow.submit(statement, actor=editor)
    workflow.approve(statement, actor=reviewer)
    response = anon.get(detail(pk))
    assert response["Content-Type"] == "application/json" and response.json()["text"] == payload
    assert anon.get(action_url(pk, "approve")).status_code in (401, 405)
