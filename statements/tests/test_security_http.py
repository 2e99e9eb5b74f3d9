"""Issue 8 through HTTP, across the parts: 8 (approval conflicts via the API), 14 (limits on pages),
16 (Unicode through API, page and export), 17 (script payloads everywhere), 18 (CSV formulas),
19 and 21 (API token lock-out and deactivation).
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from statements import content, workflow
from statements.models import Statement

from .factories import content_data, make_published, make_speaker, make_statement

pytestmark = pytest.mark.django_db

API = "/api/v1"
SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}} {% debug %}"
PAYLOAD = f"{SCRIPT} {IMG} {TEMPLATE}"
RAW_MARKERS = ("<script>alert", "<img src=x", "onerror=alert(1)>")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # throttle counts and public pages start empty in each test
    yield
    cache.clear()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def read(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


# ---------------------------------------------------------------- 17: payloads are text everywhere


@pytest.fixture
def hostile(editor, reviewer):
    """A published statement with a script payload in every free-text field, and a verdict likewise."""
    speaker = make_speaker(name=f"Speaker {PAYLOAD}", slug="hostile", description=PAYLOAD)
    data = content_data(speaker=speaker, text=f"Quote {PAYLOAD}", venue=PAYLOAD, context=PAYLOAD,
                        speaker_role=PAYLOAD, translation=PAYLOAD, translated_by=PAYLOAD, language="uk")
    data["sources"][0] |= {"title": PAYLOAD, "excerpt": PAYLOAD}
    statement = workflow.create_statement(actor=editor, data=data)
    workflow.submit(statement, actor=editor)
    statement = workflow.approve(statement, actor=reviewer)
    workflow.save_verdict(statement, actor=editor, claim=PAYLOAD, rating="false", summary=PAYLOAD,
                          evidence=[{"url": "https://example.org/evidence", "title": PAYLOAD}])
    workflow.submit_verdict(statement, actor=editor)
    workflow.approve_verdict(statement, actor=reviewer)
    return Statement.objects.get(pk=statement.pk)


def assert_no_live_markup(body, where):
    for marker in RAW_MARKERS:
        assert marker not in body, f"{marker!r} unescaped in {where}"
    assert "49" not in re.sub(r"\d{3,}|\d+-\d+|\d+\.\d+", "", body) or "{{7*7}}" in body.replace("&#x27;", "'"), where
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert tag in ('<script type="application/ld+json">',) or " src=" in tag, f"{tag} in {where}"


def public_pages(statement):
    return [statement.get_absolute_url(), "/", "/speakers/", f"/speakers/{statement.speaker.slug}/",
            "/corrections/", "/?q=Quote"]


def test_payloads_are_escaped_on_public_pages(hostile):
    client = Client()
    for url in public_pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_no_live_markup(body, url)
    permalink = client.get(hostile.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in permalink
    assert "{{7*7}}" in permalink


def test_json_ld_and_open_graph_cannot_be_closed_by_user_text(hostile):
    body = Client().get(hostile.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert blocks, "the permalink carries JSON-LD"
    for block in blocks:
        assert "<" not in block and ">" not in block
        assert "Quote <script>alert" in json.dumps(json.loads(block), ensure_ascii=False)
    for meta in re.findall(r'<meta property="og:[^"]+" content="([^"]*)"', body):
        assert "<" not in meta and '"' not in meta


def test_feeds_escape_payloads_and_stay_well_formed(hostile):
    client = Client()
    for url in ("/feed/", f"/speakers/{hostile.speaker.slug}/feed/", "/corrections/feed/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        ET.fromstring(response.content)  # noqa: S314 (our own output) well-formed: nothing closed a tag early
        for marker in RAW_MARKERS:
            assert marker not in body, (marker, url)


def test_desk_pages_escape_payloads(hostile, editor):
    desk = Client()
    desk.force_login(editor)
    desk_urls = (f"/admin/statements/statement/{hostile.pk}/change/", "/admin/statements/statement/",
                 f"/admin/statements/statement/{hostile.pk}/history/",
                 f"/admin/statements/speaker/{hostile.speaker.pk}/change/", "/admin/statements/statement/?q=Quote")
    for url in desk_urls:
        response = desk.get(url)
        assert response.status_code == 200, url
        assert_no_live_markup(response.content.decode(), url)


def test_api_returns_payloads_as_plain_json_text(hostile):
    response = APIClient().get(f"{API}/statements/{hostile.pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["text"] == f"Quote {PAYLOAD}"


# ---------------------------------------------------------------- 18: CSV cells are never formulas

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab start",
            "\rCarriage start", "'=already quoted"]


@pytest.fixture
def formulas(editor, reviewer):
    for i, formula in enumerate(FORMULAS):
        speaker = make_speaker(name=f"{formula} speaker" if i % 2 else formula, slug=f"formula-{i}")
        data = content_data(speaker=speaker, text=formula if formula.strip() else f"{formula} x", venue=formula,
                            context=formula)
        data["sources"][0]["title"] = formula
        statement = workflow.create_statement(actor=editor, data=data)
        workflow.submit(statement, actor=editor)
        workflow.approve(statement, actor=reviewer)


def assert_no_formula_cells(text, where):
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == len(FORMULAS) + 1, where
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", f"{cell!r} in {where}"


def test_api_csv_export_neutralises_formulas(formulas):
    response = APIClient().get(f"{API}/statements/export.csv")
    assert response.status_code == 200
    assert_no_formula_cells(read(response), "export.csv")


def test_command_csv_export_neutralises_formulas(formulas, capsys):
    call_command("export_statements", format="csv")
    assert_no_formula_cells(capsys.readouterr().out, "export_statements --format csv")


# ---------------------------------------------------------------- 16: Unicode through API, page and export

HARD = "Зеленський \u202eevil\u202c نحن 👩‍👩‍👧‍👦 e\u0301"


def test_hard_text_round_trips_through_page_api_and_export(editor, reviewer):
    speaker = make_speaker(name=HARD, slug="hard")
    statement = make_published(editor, reviewer, speaker=speaker, text=HARD)
    page = Client().get(statement.get_absolute_url()).content.decode()
    assert HARD in page
    # Text of unknown direction is isolated, so an RLO in a name cannot reorder what follows it.
    assert re.search(r"<bdi[^>]*>[^<]*\u202eevil", page) or re.search(r'dir="auto"[^>]*>[^<]*\u202eevil', page)
    data = APIClient().get(f"{API}/statements/{statement.pk}/").json()
    assert data["text"].encode() == HARD.encode()
    exported = [json.loads(line) for line in read(APIClient().get(f"{API}/statements/export.jsonl")).splitlines()]
    assert exported[0]["text"].encode() == HARD.encode()


# ---------------------------------------------------------------- 8: approving a changed version is 409


def test_api_approval_of_a_changed_version_is_409(editor, reviewer):
    statement = workflow.submit(make_statement(editor), actor=editor)
    seen = Statement.objects.get(pk=statement.pk).version
    workflow.edit_statement(statement, actor=editor, data=content_data(text="Changed after review began."),
                            expected_version=seen)
    response = token_client(reviewer).post(f"{API}/statements/{statement.pk}/approve/", {"version": seen},
                                           format="json")
    assert response.status_code == 409 and "changed" in response.json()["detail"]
    assert Statement.objects.get(pk=statement.pk).status == "in_review"


def test_api_approval_of_a_superseded_correction_is_409(editor, reviewer):
    statement = make_published(editor, reviewer)
    for venue in ("first proposal", "second proposal"):
        fresh = Statement.objects.get(pk=statement.pk)
        workflow.edit_statement(fresh, actor=editor, data=content.snapshot(fresh) | {"venue": venue},
                                comment=venue, expected_version=fresh.version)
    old = workflow.pending_revision(statement).number - 1
    response = token_client(reviewer).post(f"{API}/statements/{statement.pk}/approve-revision/",
                                           {"revision": old}, format="json")
    assert response.status_code == 409
    assert Statement.objects.get(pk=statement.pk).venue == "interview with The New York Times"


def test_api_approval_must_name_the_version(editor, reviewer):
    statement = workflow.submit(make_statement(editor), actor=editor)
    response = token_client(reviewer).post(f"{API}/statements/{statement.pk}/approve/", {}, format="json")
    assert response.status_code == 400 and "version" in response.json()


# ---------------------------------------------------------------- 14: absurd paging on pages, fast


@pytest.mark.parametrize("query", ["page=1000000000", "page=-5", "page=abc", "page_size=1000000",
                                   "page=99999999999999999999999", "after=zzz", "before=" + "9" * 50])
@pytest.mark.parametrize("path", ["/", "/speakers/", "/corrections/", f"{API}/statements/"])
def test_absurd_paging_is_capped_or_400(editor, reviewer, path, query):
    # No more work than an ordinary page (the time itself is measured by `make bench`, not here).
    make_published(editor, reviewer)
    client = Client()
    with CaptureQueriesContext(connection) as ordinary:
        client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as absurd:
        response = client.get(f"{path}?{query}")
    assert len(absurd) <= len(ordinary) + 1
    assert response.status_code in (200, 400, 404), (path, query, response.status_code)
    if path.startswith(API) and response.status_code == 200:
        assert len(response.json()["results"]) <= 100


# ---------------------------------------------------------------- 19 and 21: the token endpoint


def token_post(username, password, address="10.0.5.1"):
    return APIClient().post(f"{API}/auth/token/", {"username": username, "password": password}, format="json",
                            REMOTE_ADDR=address)


def test_token_endpoint_locks_out_after_the_failure_limit(editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert token_post(editor.username, "wrong").status_code in (400, 401, 403, 429)
    response = token_post(editor.username, "pw-for-tests-only")
    assert response.status_code == 429 and b"token" not in response.content
    assert token_post(editor.username, "pw-for-tests-only", address="10.0.5.2").status_code == 200


def test_token_lockout_answers_in_json(editor):
    answers = [token_post(editor.username, "wrong", address="10.0.5.9")
               for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    for response in answers[settings.AXES_FAILURE_LIMIT - 1:]:
        assert response.status_code == 429
        assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


def test_token_endpoint_answers_alike_for_missing_accounts(editor):
    existing = token_post(editor.username, "wrong", address="10.0.6.1")
    missing = token_post("no-such-user", "wrong", address="10.0.6.2")
    assert (existing.status_code, existing.json()) == (missing.status_code, missing.json())


def test_deactivated_users_token_stops_working_at_once(editor):
    client = token_client(editor)
    assert client.get(f"{API}/statements/?status=draft").status_code == 200
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    assert client.get(f"{API}/statements/?status=draft").status_code in (401, 403)
    response = client.post(f"{API}/statements/", {"text": "x"}, format="json")
    assert response.status_code in (401, 403)


def test_removed_desk_role_takes_effect_at_once(editor):
    client = token_client(editor)
    editor.groups.clear()
    response = client.post(f"{API}/statements/", {"text": "x"}, format="json")
    assert response.status_code == 403
    assert not Statement.objects.exists()


# ---------------------------------------------------------------- 22: CSRF on the API with a session


def test_api_writes_with_a_session_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(f"{API}/statements/", json.dumps({"text": "x"}), content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Statement.objects.exists()


# ---------------------------------------------------------------- 15: broken input in URLs is never a 500

BROKEN_URLS = [
    "/?q=%00", "/?q=%ED%A0%80", "/?q=a%00b&speaker=x", "/feed/?q=%00", "/speakers/%ED%A0%80/",
    "/outlets/%ED%A0%80/", "/statements/1/%00/", "/statements/1/%ED%A0%80/",
    f"{API}/statements/?q=%00", f"{API}/statements/?q=%ED%A0%80", f"{API}/speakers/%00/",
    f"{API}/statements/export.csv?q=%00", "/?%00=1", "/?q=" + "%F0%9F" * 3,
    "/speakers/a%00b/", "/topics/%00/",
    "/outlets/x%00/", "/speakers/x%00/feed/",
]


@pytest.mark.parametrize("url", BROKEN_URLS)
def test_nul_and_broken_utf8_in_urls_are_refused_not_500(db, url):
    response = Client().get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code)


@pytest.mark.parametrize("url", ["/?q=%00", "/?q=a%00b", "/feed/?q=a%00b"])
def test_nul_in_a_page_query_is_400(db, url):
    response = Client().get(url)
    assert response.status_code == 400
    assert "\x00" not in read(response)
