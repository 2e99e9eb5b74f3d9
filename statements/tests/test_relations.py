"""Related statements ("responds to", "contradicts", …): written on the desk and through the API as part of
a statement's version, reviewed like any other change, shown publicly only between public statements."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

import json

import pytest
from django.test import Client
from django.urls import reverse

from statements import content, workflow
from statements.integrity import verify_archive
from statements.models import Correction, Statement, StatementRelation, Status

from .api_helpers import LIST, anon, client_for, detail, fresh_throttle  # noqa: F401
from .desk import change_url, edit_post, form_post, messages_of
from .factories import content_data, make_published, make_speaker, make_statement

pytestmark = pytest.mark.django_db

RESPONSE = "Russia is not at war with NATO, and nobody will shoot down our missiles."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def relation(kind, target):
    return {"type": kind, "to_statement_id": target.pk}


def public_page(statement):
    return Client().get(statement.get_absolute_url()).content.decode()


def related_pairs(statement):
    return sorted(StatementRelation.objects.filter(from_statement=statement).values_list("type", "to_statement"))


@pytest.fixture
def target(editor, reviewer):
    return make_published(editor, reviewer)


@pytest.fixture
def peskov():
    return make_speaker("Dmitry Peskov")


def test_a_relation_typed_on_the_desk_is_published_with_the_statement(editor, reviewer, target, peskov):
    data = content_data(speaker=peskov, text=RESPONSE, relations=[relation("responds_to", target)])
    response = signed_in(editor).post(reverse("admin:statements_statement_add"), form_post(data))
    assert response.status_code == 302, response.context and response.context["errors"]
    draft = Statement.objects.get(text=RESPONSE)
    assert related_pairs(draft) == [("responds_to", target.pk)]
    assert RESPONSE not in public_page(target)  # a draft's relation is not on the public page it points to

    workflow.submit(draft, actor=editor)
    workflow.approve(draft, actor=reviewer)
    page = public_page(draft)
    assert "Related statements" in page and target.get_absolute_url() in page
    assert "Answered by" in public_page(target)


@pytest.mark.parametrize("kind", ["draft", "missing", "itself"])
def test_a_relation_to_a_statement_outside_the_archive_is_a_form_error_and_writes_nothing(editor, target, kind):
    statement = make_statement(editor, text="Edited on the desk.", relations=[relation("repeats", target)])
    other = {"draft": make_statement(editor, text="secret draft words"), "itself": statement}.get(kind)
    target_id = other.pk if other else 999_999
    post = edit_post(statement, relations=[{"type": "contradicts", "to_statement_id": target_id}],
                     text="A new text that must not be saved.")
    response = signed_in(editor).post(change_url(statement), post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page or "errorlist" in page
    assert "secret draft words" not in page
    statement.refresh_from_db()
    assert statement.text == "Edited on the desk." and statement.version == 1
    assert related_pairs(statement) == [("repeats", target.pk)]


def test_the_desk_autocomplete_offers_public_statements_only(editor, reviewer, target):
    make_statement(editor, text="Shoot them down, a draft.")
    response = signed_in(editor).get(reverse("admin:autocomplete"), {
        "app_label": "statements", "model_name": "statementrelation", "field_name": "to_statement", "term": "shoot",
    })
    assert response.status_code == 200
    assert [int(r["id"]) for r in response.json()["results"]] == [target.pk]


def test_relating_a_published_statement_is_a_reviewed_correction(editor, reviewer, reviewer2, target, peskov):
    statement = make_published(editor, reviewer, speaker=peskov, text=RESPONSE)
    post = edit_post(statement, comment="Added the statement this answers.",
                     relations=[relation("contradicts", target)])
    response = signed_in(editor).post(change_url(statement), post, follow=True)
    assert any("proposed correction" in m for m in messages_of(response))
    assert related_pairs(statement) == []  # the public keeps the approved version
    assert "Related statements" not in public_page(statement)
    desk_page = signed_in(reviewer2).get(change_url(statement)).content.decode()
    assert "Related statements" in desk_page and f"Contradicts #{target.pk} (Volodymyr Zelenskyy)" in desk_page

    pending = workflow.pending_revision(statement)
    workflow.approve_revision(statement, actor=reviewer2, revision_number=pending.number)
    assert related_pairs(statement) == [("contradicts", target.pk)]
    note = Correction.objects.get(statement=statement)
    assert note.changed_fields == ["relations"]
    page = public_page(statement)
    assert "Added the statement this answers." in page and "related statements" in page
    assert [r.data.get("relations") for r in statement.revisions.order_by("number")] == [
        None, [relation("contradicts", target)]]  # every version kept, the first without relations
    report = verify_archive()
    assert report.ok, report.problems  # the live relations are the approved version's
    StatementRelation.objects.filter(from_statement=statement).delete()
    assert [message for _, message in verify_archive().problems] == [
        "public columns differ from approved revision v2 in: relations"]


def test_the_api_writes_relations_and_reads_public_ones(editor, reviewer, target, anon):
    client = client_for(editor)
    body = {
        "text": RESPONSE, "speaker_name": "Dmitry Peskov", "said_on": "2024-05-21",
        "sources": [{"citation": "TASS, 21 May 2024"}],
        "relations": [{"type": "responds_to", "statement": target.pk}],
    }
    created = client.post(LIST, body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["relations"] == [
        {"type": "responds_to", "statement": {"id": target.pk, "api_url": "http://testserver" + detail(target.pk)}}]

    patched = client.patch(detail(pk), {"version": created.json()["version"], "text": RESPONSE + " Twice."},
                           format="json")
    assert patched.status_code == 200
    assert [r["statement"]["id"] for r in patched.json()["relations"]] == [target.pk]  # kept when not sent

    workflow.retract(target, actor=reviewer, reason="The outlet withdrew it.")
    statement = Statement.objects.get(pk=pk)
    workflow.submit(statement, actor=editor)
    workflow.approve(statement, actor=reviewer)
    listed = anon.get(LIST, {"speaker": statement.speaker.slug}).json()["results"]
    assert [r["statement"]["id"] for r in listed[0]["relations"]] == [target.pk]  # retracted stays reachable


@pytest.mark.parametrize("field", ["statement", "type"])
def test_the_api_refuses_a_bad_relation_with_the_field_and_writes_nothing(editor, target, field):
    draft = make_statement(editor, text="hidden draft words")
    bad = {"statement": {"type": "responds_to", "statement": draft.pk},
           "type": {"type": "agrees", "statement": target.pk}}[field]
    before = Statement.objects.count()
    response = client_for(editor).post(LIST, {
        "text": RESPONSE, "speaker_name": "Dmitry Peskov", "said_on": "2024-05-21",
        "sources": [{"citation": "TASS, 21 May 2024"}], "relations": [bad],
    }, format="json")
    assert response.status_code == 400
    assert "relations" in json.dumps(response.json())
    assert "hidden draft words" not in response.content.decode()
    assert Statement.objects.count() == before


def test_the_api_hides_a_relation_to_a_statement_that_is_not_public(editor, reviewer, target):
    statement = make_published(editor, reviewer, relations=[relation("repeats", target)])
    Statement.objects.filter(pk=target.pk).update(status=Status.IN_REVIEW)  # as if never published
    body = client_for().get(detail(statement.pk)).json()
    assert body["relations"] == []
    assert "Related statements" not in public_page(statement)


def test_a_statement_without_relations_keeps_the_content_it_had():
    """Versions written before relations were part of the content keep their SHA-256."""
    data = content.normalise(content_data(speaker=make_speaker()))
    assert content.RELATIONS not in data
    with_some = content.normalise({**data, "relations": [{"type": "repeats", "to_statement_id": 2}] * 2})
    assert with_some["relations"] == [{"type": "repeats", "to_statement_id": 2}]  # once
