"""Relevance order keeps the ranked matches of a search per public generation: page 2 costs no
scoring, and a publish or a retraction is seen at once (a stale best match is a bug)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements import workflow

from .factories import make_published, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def page_texts(client, q="tanks", page=None):
    params = {"q": q, "ordering": "relevance"}
    if page:
        params["page"] = page
    response = client.get(reverse("statements:timeline"), params)
    assert response.status_code == 200
    return [s.text for s in response.context["listing"].rows]


def test_kept_list_follows_public_changes(client, monkeypatch):
    from statements.search import plan, postgres, sqlite
    for module in (plan, postgres, sqlite):
        monkeypatch.setattr(module, "RANKED", 2, raising=False)
    monkeypatch.setattr("statements.views.listing.PAGE_SIZE", 1, raising=False)
    editor, reviewer = make_user("ed", "editor"), make_user("rev", "reviewer")
    weak = make_published(editor, reviewer, text="On tanks and many other subjects that day.")
    good = make_published(editor, reviewer, text="Tanks, tanks and more.")
    assert page_texts(client) == [good.text]
    # Page 2 and the repeat of page 1 reuse the kept list: no scoring query.
    with CaptureQueriesContext(connection) as ctx:
        assert page_texts(client, page=2) == [weak.text]
    assert not any("bm25" in q["sql"] or "ts_rank" in q["sql"] for q in ctx.captured_queries)
    best = make_published(editor, reviewer, text="Tanks tanks tanks.")
    assert page_texts(client) == [best.text]
    workflow.retract(best, actor=reviewer, reason="The outlet withdrew its report.")
    assert page_texts(client) == [good.text]
    assert page_texts(client, page=2) == [weak.text]
