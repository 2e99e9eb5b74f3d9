"""The desk through the API: tokens, create, edit, every transition, every role, 409/403/400."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

import datetime

import pytest

from statements import workflow
from statements.models import Speaker, Statement, StatementEvent, Status

from .api_helpers import LIST, action_url, admin, anon, client_for, detail, fresh_throttle  # noqa: F401
from .factories import make_outlet, make_published, make_speaker, make_statement, make_topic, make_user

pytestmark = pytest.mark.django_db


def new_statement(**overrides):
    body = {
        "text": "Why can't we shoot them down? Is it defense? Yes.",
        "speaker_name": "Zelenskyy",
        "speaker_role": "President of Ukraine",
        "said_on": "2024-05-20",
        "medium": "interview",
        "venue": "interview with The New York Times",
        "sources": [{"citation": "Breaking Defense, 21 May 2024", "outlet": make_outlet().slug}],
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------- tokens


def test_token_for_valid_credentials_only_with_one_message(editor, anon):
    response = anon.post("/api/v1/auth/token/", {"username": "ed", "password": "pw-for-tests-only"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    wrong = anon.post("/api/v1/auth/token/", {"username": "ed", "password": "nope"}, format="json")
    missing = anon.post("/api/v1/auth/token/", {"username": "ghost", "password": "nope"}, format="json")
    assert wrong.status_code == missing.status_code == 400
    assert wrong.json() == missing.json()
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon.get(LIST, {"status": "draft"}).status_code == 200
    editor.is_active = False
    editor.save()
    assert anon.get(LIST).status_code == 401  # a deactivated account's token stops at once


def test_token_request_needs_both_fields(db, anon):
    response = anon.post("/api/v1/auth/token/", {"username": "ed"}, format="json")
    assert response.status_code == 400 and "password" in response.json()


# ---------------------------------------------------------------- create


def test_editor_creates_a_draft_with_matched_speaker(editor, anon):
    zelensky = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskyy"])
    topic = make_topic("Air defense")
    response = client_for(editor).post(LIST, new_statement(topics=[topic.slug]), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["speaker"]["id"], data["topics"]) == (
        "draft", zelensky.pk, [{"slug": "air-defense", "name": "Air defense"}]
    )
    assert response["Location"] == data["api_url"]
    assert data["sources"][0]["citation"] == "Breaking Defense, 21 May 2024"
    assert anon.get(detail(data["id"])).status_code == 404  # a draft is not public


def test_new_speaker_is_created_with_a_unique_slug(editor):
    make_speaker("Someone Else", slug="yulia-svyrydenko")
    response = client_for(editor).post(LIST, new_statement(speaker_name="Юлія Свириденко"), format="json")
    assert response.status_code == 201
    speaker = Speaker.objects.get(pk=response.json()["speaker"]["id"])
    assert (speaker.name, speaker.slug) == ("Юлія Свириденко", "yuliya-svyrydenko")


def test_ambiguous_speaker_name_asks_for_an_id(editor):
    make_speaker("John Smith", slug="john-smith")
    make_speaker("John Smith", slug="john-smith-2")
    response = client_for(editor).post(LIST, new_statement(speaker_name="john smith"), format="json")
    assert response.status_code == 400 and "speaker_name" in response.json()


@pytest.mark.parametrize("field", ["status", "published_at", "approved_by", "external_id", "attribution_status"])
def test_mass_assignment_of_workflow_fields_is_refused(editor, field):
    response = client_for(editor).post(LIST, new_statement(**{field: "published"}), format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"said_on": "20 May 2024"}, "said_on"),
        ({"said_on": None}, "said_on"),
        ({"kind": "rumour"}, "kind"),
        ({"language": "English"}, "language"),
        ({"sources": []}, "sources"),
        ({"sources": [{"url": "javascript:alert(1)"}]}, "sources"),
        ({"sources": [{"url": " JaVaScRiPt:alert(1)"}]}, "sources"),
        ({"sources": [{"url": "ftp://example.org/x"}]}, "sources"),
        ({"sources": [{"title": "No link, no citation"}]}, "sources"),
        ({"sources": [{"citation": "x", "outlet": "no-such-outlet"}]}, "sources"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"speaker_name": None}, "speaker_name"),
        ({"speaker_id": 999999}, "speaker_id"),
        ({"said_on_precision": "month"}, "said_on"),
        ({"text": "x" * 50_001}, "text"),
        ({"sources": [{"citation": "c"}] * 51}, "sources"),
    ],
)
def test_create_field_errors_are_400_naming_the_field(editor, change, field):
    body = new_statement(**change)
    if change.get("speaker_name", "") is None:
        del body["speaker_name"]
    response = client_for(editor).post(LIST, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Statement.objects.exists()


# ---------------------------------------------------------------- edit


def test_patch_a_draft_with_its_version(editor):
    statement = make_statement(editor)
    client = client_for(editor)
    response = client.patch(detail(statement.pk), {"venue": "Interview, NYT", "version": statement.version},
                            format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["venue"] == "Interview, NYT"
    stale = client.patch(detail(statement.pk), {"venue": "Again", "version": statement.version}, format="json")
    assert stale.status_code == 409 and "changed by someone else" in stale.json()["detail"]
    assert client.patch(detail(statement.pk), {"venue": "x"}, format="json").status_code == 400
    refused = client.patch(detail(statement.pk), {"status": "published", "version": 99}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()
    assert Statement.objects.get(pk=statement.pk).status == Status.DRAFT


def test_patch_published_proposes_a_correction(editor, reviewer, reviewer2, anon):
    statement = make_published(editor, reviewer, text="Original.")
    client = client_for(editor)
    no_comment = client.patch(detail(statement.pk), {"text": "Fixed.", "version": statement.version}, format="json")
    assert no_comment.status_code == 400 and "comment" in no_comment.json()
    response = client.patch(detail(statement.pk), {"text": "Fixed.", "version": statement.version,
                                                   "comment": "A word was misheard."}, format="json")
    assert response.status_code == 200
    assert anon.get(detail(statement.pk)).json()["text"] == "Original."
    revision = response.json()["pending_revision"]
    assert revision
    # The author of the correction may not approve it, even as a reviewer; a stale number is a conflict.
    both = make_user("both2", "editor", "reviewer")
    own = client_for(both).patch(detail(statement.pk), {"venue": "NYT", "version": response.json()["version"],
                                                        "comment": "Venue."}, format="json")
    revision = own.json()["pending_revision"]
    approve = action_url(statement.pk, "approve_revision")
    assert client_for(both).post(approve, {"revision": revision}, format="json").status_code == 403
    assert client_for(reviewer2).post(approve, {"revision": revision + 5}, format="json").status_code == 409
    assert client_for(reviewer2).post(approve, {}, format="json").status_code == 400
    done = client_for(reviewer2).post(approve, {"revision": revision}, format="json")
    assert done.status_code == 200
    public = anon.get(detail(statement.pk)).json()
    assert public["venue"] == "NYT" and public["corrections"][0]["note"] == "Venue."


def test_reject_revision(editor, reviewer, reviewer2):
    statement = make_published(editor, reviewer)
    proposed = client_for(editor).patch(detail(statement.pk), {"venue": "Wrong", "version": statement.version,
                                                               "comment": "Try."}, format="json").json()
    url = action_url(statement.pk, "reject_revision")
    assert client_for(reviewer2).post(url, {"revision": proposed["pending_revision"]}, format="json").status_code == 400
    response = client_for(reviewer2).post(url, {"revision": proposed["pending_revision"], "reason": "Not so."},
                                          format="json")
    assert response.status_code == 200 and response.json()["pending_revision"] is None


# ---------------------------------------------------------------- transitions


def test_full_review_through_the_api(editor, reviewer, anon):
    statement = make_statement(editor)
    ed, rev = client_for(editor), client_for(reviewer)
    assert rev.post(action_url(statement.pk, "submit"), format="json").status_code == 403  # reviewers don't submit
    assert ed.post(action_url(statement.pk, "submit"), format="json").json()["status"] == "in_review"
    assert ed.post(action_url(statement.pk, "approve"), format="json").status_code == 403  # not a reviewer
    returned = rev.post(action_url(statement.pk, "request_changes"), {}, format="json")
    assert returned.status_code == 400 and "comment" in returned.json()
    assert rev.post(action_url(statement.pk, "request_changes"), {"comment": "Add the NYT link."},
                    format="json").json()["status"] == "needs_changes"
    conflict = rev.post(action_url(statement.pk, "approve"), format="json")
    assert conflict.status_code == 409 and "needs changes" in conflict.json()["detail"]
    version = ed.post(action_url(statement.pk, "submit"), format="json").json()["version"]
    assert rev.post(action_url(statement.pk, "approve"), {"version": version - 1}, format="json").status_code == 409
    published = rev.post(action_url(statement.pk, "approve"), {"version": version}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert anon.get(detail(statement.pk)).status_code == 200
    assert rev.post(action_url(statement.pk, "approve"), format="json").status_code == 409
    assert rev.post(action_url(statement.pk, "retract"), {"reason": " "}, format="json").status_code == 400
    retracted = rev.post(action_url(statement.pk, "retract"), {"reason": "Source withdrew it."}, format="json")
    assert retracted.json()["status"] == "retracted"
    actions = list(StatementEvent.objects.filter(statement=statement).values_list("action", flat=True))
    assert actions == ["created", "submit", "request_changes", "submit", "approve", "retract"]


def test_self_approval_is_refused(editor_reviewer):
    statement = workflow.submit(make_statement(editor_reviewer), actor=editor_reviewer)
    response = client_for(editor_reviewer).post(action_url(statement.pk, "approve"), format="json")
    assert response.status_code == 403 and "another reviewer" in response.json()["detail"]
    assert Statement.objects.get(pk=statement.pk).status == Status.IN_REVIEW


def test_reject_needs_a_reason(editor, reviewer):
    statement = workflow.submit(make_statement(editor), actor=editor)
    url = action_url(statement.pk, "reject")
    assert client_for(reviewer).post(url, {}, format="json").status_code == 400
    assert client_for(reviewer).post(url, {"reason": "Not a quote."}, format="json").json()["status"] == "rejected"


# ---------------------------------------------------------------- every role against every endpoint


ENDPOINTS = [
    ("get", "list"), ("get", "detail"), ("post", "create"), ("patch", "detail"),
    ("post", "submit"), ("post", "approve"), ("post", "request_changes"), ("post", "reject"), ("post", "retract"),
    ("post", "approve_revision"), ("post", "reject_revision"), ("get", "export_csv"), ("get", "export_jsonl"),
    ("get", "speakers"), ("get", "topics"), ("get", "outlets"),
]
# role -> expected status per endpoint above, acting on a draft someone else wrote
EXPECTED = {
    "anonymous": [200, 404, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 200, 200, 200, 200],
    "plain": [200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 200],
    "editor": [200, 200, 201, 200, 200, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 200],
    "reviewer": [200, 200, 403, 403, 403, 409, 409, 409, 409, 409, 409, 200, 200, 200, 200, 200],
    "admin": [200, 200, 201, 200, 200, 409, 409, 409, 409, 409, 409, 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_role_against_every_endpoint(role, db):
    author = make_user("author", "editor")
    users = {"anonymous": None, "plain": make_user("plain"), "editor": make_user("ed2", "editor"),
             "reviewer": make_user("rv", "reviewer"), "admin": make_user("root", is_superuser=True)}
    client = client_for(users[role])
    got = []
    for method, name in ENDPOINTS:
        draft = make_statement(author, text=f"Draft for {name}")
        url, body = _endpoint(name, draft)
        got.append(getattr(client, method)(url, body, format="json").status_code)
    assert got == EXPECTED[role]


def _endpoint(name, draft):
    bodies = {"request_changes": {"comment": "c"}, "reject": {"reason": "r"}, "retract": {"reason": "r"},
              "approve_revision": {"revision": 1}, "reject_revision": {"revision": 1, "reason": "r"}}
    urls = {"list": LIST, "detail": detail(draft.pk), "create": LIST, "export_csv": LIST + "export.csv",
            "export_jsonl": LIST + "export.jsonl", "speakers": "/api/v1/speakers/", "topics": "/api/v1/topics/",
            "outlets": "/api/v1/outlets/"}
    if name == "create":
        return LIST, new_statement()
    if name == "detail":
        return urls["detail"], {"venue": "New venue", "version": draft.version}
    if name in urls:
        return urls[name], None
    return action_url(draft.pk, name), bodies.get(name, {})


def test_transition_on_hidden_statement_reveals_nothing(editor, reviewer):
    draft = make_statement(editor)
    plain = client_for(make_user("plain"))
    for pk in (draft.pk, 999999):
        assert plain.post(action_url(pk, "approve"), format="json").status_code == 403
    assert client_for(reviewer).post(action_url(999999, "approve"), format="json").status_code == 404


def test_dates_and_precision_round_trip(editor):
    response = client_for(editor).post(
        LIST, new_statement(said_on="2024-05-01", said_on_precision="month", approximate=True), format="json"
    )
    data = response.json()
    assert (data["said_on"], data["said_on_precision"], data["approximate"]) == ("2024-05-01", "month", True)
    assert Statement.objects.get().said_on == datetime.date(2024, 5, 1)


def test_token_lockout_answers_json_429(editor, anon, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        anon.post("/api/v1/auth/token/", {"username": "ed", "password": "wrong"}, format="json")
    locked = anon.post("/api/v1/auth/token/", {"username": "ed", "password": "pw-for-tests-only"}, format="json")
    assert locked.status_code == 429 and locked["Content-Type"].startswith("application/json")
