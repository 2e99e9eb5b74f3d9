"""The editors' desk through the admin: adding, validating, finding, listing, protecting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements.models import Source, Speaker, Statement, StatementEvent

from .desk import add_url, change_url, form_post, messages_of
from .factories import content_data, make_outlet, make_published, make_speaker, make_statement, make_topic, make_user

pytestmark = pytest.mark.django_db

# No plain "Zelenskyy" alias: "Зеленський" transliterates to the same key.
ZELENSKYY_SPELLINGS = ("Zelenskiy", "Zelensky", "Zelenksyy", "Zelenkyy", "Зеленський")
NYT_QUOTE = "Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No,"


@pytest.fixture
def zelenskyy(db):
    return make_speaker("Volodymyr Zelenskyy", aliases=ZELENSKYY_SPELLINGS, slug="volodymyr-zelenskyy")


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def two_sources():
    return [
        {"url": "https://www.nytimes.com/2024/05/20/world/europe/zelensky-interview.html",
         "title": "Zelensky interview", "outlet_id": make_outlet("The New York Times").pk, "primary": True,
         "excerpt": "“Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No,” he said."},
        {"citation": "Breaking Defense, “Zelenskyy’s call for NATO nations to shoot down Russian missiles”, "
                     "21 May 2024", "outlet_id": make_outlet("Breaking Defense").pk,
         "excerpt": "“Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No,” he said."},
    ]


def test_add_statement_with_two_sources(desk, editor, zelenskyy):
    topic = make_topic("Air defense")
    data = content_data(zelenskyy, text=NYT_QUOTE, sources=two_sources(), topic_ids=[topic.pk])
    response = desk.post(add_url(), form_post(data))
    assert response.status_code == 302, response.context and response.context["errors"]
    statement = Statement.objects.get()
    assert statement.text == NYT_QUOTE and statement.status == "draft"
    assert statement.created_by == editor and list(statement.topics.all()) == [topic]
    sources = list(statement.sources.order_by("position"))
    assert [s.primary for s in sources] == [True, False]
    assert sources[0].url.startswith("https://www.nytimes.com/") and sources[1].citation.startswith("Breaking")
    assert statement.events.get().action == "created"  # written by the workflow, audited


def test_add_form_offers_add_speaker_popup_and_autocomplete(desk, zelenskyy):
    page = desk.get(add_url()).content.decode()
    assert 'id="add_id_speaker"' in page and "admin-autocomplete" in page
    assert 'name="said_on_precision"' in page and 'name="approximate"' in page


def test_new_speaker_from_the_popup(desk):
    response = desk.post(reverse("admin:statements_speaker_add") + "?_to_field=id&_popup=1", {
        "name": "Jukka Kopra", "slug": "jukka-kopra", "description": "Finnish MP", "country": "FI",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-0-name": "Kopra", "_popup": "1",
    })
    assert response.status_code == 200 and b"popup_response" in response.content
    assert Statement.objects.count() == 0
    assert [s.name for s in Speaker.objects.matching("kopra")] == ["Jukka Kopra"]


@pytest.mark.parametrize("term", ["zelenksyy", "zelensky", "Зеленський", "ZELENKYY"])
def test_speaker_autocomplete_finds_every_spelling(desk, zelenskyy, term):
    make_speaker("Radosław Sikorski", aliases=["Radek Sikorski"])
    response = desk.get("/admin/autocomplete/", {
        "app_label": "statements", "model_name": "statement", "field_name": "speaker", "term": term,
    })
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Volodymyr Zelenskyy"]


def test_duplicate_quote_warns_but_saves(desk, editor, zelenskyy):
    first = make_statement(editor, speaker=zelenskyy, text="Shoot down what’s in the sky over Ukraine.")
    # Same words, other quote marks and case: the normalised quote is the same.
    data = content_data(zelenskyy, text='"shoot down what\'s in the sky over Ukraine"', sources=two_sources())
    response = desk.post(add_url(), form_post(data), follow=True)
    assert Statement.objects.count() == 2
    warning = next(m for m in messages_of(response) if "already in the archive" in m)
    assert change_url(first) in warning
    assert change_url(first) in response.content.decode()


def test_javascript_source_url_is_a_form_error(desk, zelenskyy):
    data = content_data(zelenskyy, sources=[{"url": "javascript:alert(document.cookie)", "excerpt": "x"}])
    response = desk.post(add_url(), form_post(data))
    assert response.status_code == 200
    source_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "url" in source_form.errors
    assert Statement.objects.count() == 0 and Source.objects.count() == 0


def test_month_precision_date_must_be_the_first(desk, zelenskyy):
    data = content_data(zelenskyy, said_on=datetime.date(2024, 5, 14), said_on_precision="month",
                        sources=two_sources())
    response = desk.post(add_url(), form_post(data))
    assert response.status_code == 200
    assert "first day of the month" in str(response.context["adminform"].form.errors["said_on"])
    assert Statement.objects.count() == 0 and StatementEvent.objects.count() == 0


def test_month_precision_on_the_first_is_accepted(desk, zelenskyy):
    data = content_data(zelenskyy, said_on=datetime.date(2024, 5, 1), said_on_precision="month",
                        approximate=True, sources=two_sources())
    assert desk.post(add_url(), form_post(data)).status_code == 302
    statement = Statement.objects.get()
    assert (statement.said_on_precision, statement.approximate) == ("month", True)


def test_statement_without_sources_is_refused(desk, zelenskyy):
    response = desk.post(add_url(), form_post(content_data(zelenskyy, sources=[])))
    assert response.status_code == 200 and "at least one source" in response.content.decode()
    assert Statement.objects.count() == 0


def test_list_filters_and_alias_search(desk, editor, reviewer, zelenskyy):
    published = make_published(editor, reviewer, speaker=zelenskyy)
    other = make_statement(editor, speaker=make_speaker("Radosław Sikorski"), text="Poland has a duty.")
    changelist = reverse("admin:statements_statement_changelist")

    def listed(**params):
        return {row.pk for row in desk.get(changelist, params).context["cl"].result_list}

    assert listed() == {published.pk, other.pk}
    assert listed(status__exact="published") == {published.pk}
    assert listed(speaker__id__exact=other.speaker_id) == {other.pk}
    assert listed(q="Zelenksyy") == {published.pk}  # an alias, not the name
    assert listed(q="duty") == {other.pk}
    assert listed(said_on__year="2024") == {published.pk, other.pk}


def test_list_query_count_does_not_grow_with_rows(desk, editor):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert desk.get(reverse("admin:statements_statement_changelist")).status_code == 200
        return len(captured)

    make_statement(editor, text="The first statement.")
    one = queries()
    for i in range(12):
        make_statement(editor, text=f"Statement number {i}.", speaker=make_speaker(f"Speaker {i}"))
    assert queries() == one


def test_status_is_not_in_the_form(desk, editor, zelenskyy):
    statement = make_statement(editor, speaker=zelenskyy)
    page = desk.get(change_url(statement))
    form = page.context["adminform"].form
    assert "status" not in form.fields and "attribution_status" not in form.fields
    assert "Draft" in page.content.decode()  # shown, not editable
    assert not page.context["has_absolute_url"]  # no "view on site" for a draft: its permalink is a 404


def test_plain_staff_user_gets_nothing(client, editor):
    statement = make_statement(editor)
    client.force_login(make_user("staffer", is_staff=True))
    assert client.get(reverse("admin:index")).context["app_list"] == []
    assert client.get(change_url(statement)).status_code == 403
    assert client.get(reverse("admin:statements_statement_review_queue")).status_code == 403
    assert client.get(reverse("admin:statements_statement_history", args=[statement.pk])).status_code == 403
    autocomplete = client.get("/admin/autocomplete/", {
        "app_label": "statements", "model_name": "statement", "field_name": "speaker", "term": "z"})
    assert autocomplete.status_code == 403


def test_reader_without_staff_is_sent_to_login(client, editor):
    statement = make_statement(editor)
    client.force_login(make_user("reader"))
    assert client.get(change_url(statement)).status_code == 302


def test_reviewer_sees_but_cannot_edit_content(client, editor, reviewer):
    statement = make_statement(editor)
    client.force_login(reviewer)
    page = client.get(change_url(statement))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(add_url()).status_code == 403


def test_published_statement_cannot_be_deleted(desk, editor, reviewer):
    statement = make_published(editor, reviewer)
    delete = reverse("admin:statements_statement_delete", args=[statement.pk])
    assert desk.get(delete).status_code == 403
    assert desk.post(delete, {"post": "yes"}).status_code == 403
    response = desk.post(reverse("admin:statements_statement_changelist"),
                         {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"}, follow=True)
    assert any("cannot be deleted" in m for m in messages_of(response))
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_draft_can_be_deleted_and_the_log_remembers(desk, editor):
    statement = make_statement(editor)
    delete = reverse("admin:statements_statement_delete", args=[statement.pk])
    assert desk.post(delete, {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert StatementEvent.objects.filter(statement_id=statement.pk, action="deleted", actor=editor).exists()


def test_desk_links_on_the_admin_index(desk):
    page = desk.get(reverse("admin:index")).content.decode()
    assert reverse("admin:statements_statement_review_queue") in page
    assert reverse("admin:statements_statement_my_drafts") in page


def test_new_from_article_linked_for_editors_only(desk, client, reviewer):
    assert reverse("assistant:start") in desk.get(reverse("admin:index")).content.decode()
    client.force_login(reviewer)
    assert reverse("assistant:start") not in client.get(reverse("admin:index")).content.decode()
