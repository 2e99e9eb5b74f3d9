"""`manage.py load_demo`: the seed articles' statements, in every desk state, loaded once however often it runs."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from statements.demo.loader import demo_items
from statements.models import (
    AttributionStatus,
    Correction,
    Source,
    Speaker,
    SpeakerAlias,
    Statement,
    StatementEvent,
    Status,
    Verdict,
)
from statements.normalize import quote_key
from statements.roles import is_editor, is_reviewer

SEED_DIRS = [Path("/work/shared/seeds"), Path(__file__).parent / "data" / "extraction"]


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "speakers": Speaker.objects.count(), "aliases": SpeakerAlias.objects.count(),
        "statements": Statement.objects.count(), "sources": Source.objects.count(),
        "events": StatementEvent.objects.count(), "verdicts": Verdict.objects.count(),
        "corrections": Correction.objects.count(),
        "statuses": sorted(Statement.objects.values_list("external_id", "status")),
    }


def demo(key):
    return Statement.objects.get(external_id=f"demo:{key}")


@pytest.mark.django_db
def test_second_run_changes_nothing_and_actors_cannot_sign_in():
    first_output = load_demo()
    first = counts()
    second_output = load_demo()
    assert counts() == first
    assert first["statements"] >= 20 and first["speakers"] >= 12
    assert "31 created, 0 already there" in first_output
    assert "0 created, 31 already there" in second_output
    assert "23 published" in second_output and "1 retracted" in second_output

    # Without --accounts the actors are system users nobody can sign in as.
    statement = demo("rferl-hodges-1")
    editor, reviewer = statement.created_by, statement.approved_by
    assert (editor.username, reviewer.username) == ("demo-editor", "demo-reviewer")
    assert is_editor(editor) and is_reviewer(reviewer)
    assert not editor.has_usable_password() and not reviewer.has_usable_password()
    assert not editor.is_staff and not reviewer.is_staff
    assert not get_user_model().objects.filter(username__in=["editor", "reviewer", "admin"]).exists()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_accounts_refused_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo("--accounts")
    assert not get_user_model().objects.exists()
    assert not Statement.objects.exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_accounts_created_in_debug_and_kept_on_second_run():
    output = load_demo("--accounts")
    for line in ("editor    password editor-demo-pass", "reviewer  password reviewer-demo-pass",
                 "admin     password admin-demo-pass"):
        assert line in output
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["editor", "reviewer", "admin"])}
    assert users["editor"].check_password("editor-demo-pass") and is_editor(users["editor"])
    assert users["reviewer"].check_password("reviewer-demo-pass") and is_reviewer(users["reviewer"])
    assert users["admin"].is_superuser and users["admin"].check_password("admin-demo-pass")
    assert users["editor"].is_staff and users["reviewer"].is_staff
    assert demo("rferl-hodges-1").created_by == users["editor"]
    assert demo("rferl-hodges-1").approved_by == users["reviewer"]

    users["editor"].set_password("changed-by-the-developer")
    users["editor"].save()
    again = load_demo("--accounts")
    assert "editor-demo-pass" in again and "already existed, kept as it was" in again
    users["editor"].refresh_from_db()
    assert users["editor"].check_password("changed-by-the-developer")
    assert get_user_model().objects.filter(username__in=["editor", "reviewer", "admin"]).count() == 3


def _seed_text():
    for folder in SEED_DIRS:
        files = sorted(folder.glob("*.txt"))
        if folder.is_dir() and files:
            return "\n".join(f.read_text(encoding="utf-8") for f in files)
    pytest.skip("seed articles not found")


def test_every_excerpt_is_printed_in_its_article_and_holds_the_text():
    seeds = _seed_text()
    for _, item in demo_items():
        assert item["excerpt"] in seeds, item["key"]
        # The text's words appear in the excerpt in order (joining only drops tags and punctuation).
        remaining = iter(quote_key(item["excerpt"]).split())
        assert all(word in remaining for word in quote_key(item["text"]).split()), item["key"]


class LoadedDemoTests(TestCase):
    """Read-only checks on one load (setUpTestData keeps the suite fast)."""

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_every_spelling_finds_zelenskyy(self):
        for spelling in ("Zelenksyy", "zelensky", "Зеленський", "Zelenskiy", "Zelenkyy", "Volodymyr Zelensky"):
            assert [s.slug for s in Speaker.objects.matching(spelling)] == ["volodymyr-zelenskyy"], spelling

    def test_the_nato_official_is_anonymous_with_three_statements(self):
        official = demo("rferl-nato-official-1").speaker
        assert official.anonymous and official.affiliation == "NATO"
        assert official.statements.count() == 3
        assert demo("rferl-nato-official-1").venue == "written statement to RFE/RL"

    def test_sources_are_the_two_articles(self):
        rferl = demo("rferl-hodges-1").sources.get()
        assert rferl.url == "https://www.rferl.org/a/ukraine-russia-strikes-nato-airspace/33117614.html"
        assert rferl.published_on == datetime.date(2024, 9, 13)
        assert "Hodges told RFE/RL" in rferl.excerpt
        breaking = demo("bd-kopra-1").sources.select_related("outlet").get()
        assert breaking.url == "" and "Breaking Defense" in breaking.citation
        assert breaking.outlet.name == "Breaking Defense" and breaking.published_on == datetime.date(2024, 5, 21)

    def test_dates_keep_the_precision_the_text_gives(self):
        tweet, email, mid_may = demo("rferl-zelenskyy-1"), demo("bd-kopra-1"), demo("bd-kopra-2")
        assert (tweet.said_on, tweet.said_on_precision) == (datetime.date(2024, 4, 15), "day")
        assert (email.said_on, email.said_on_precision) == (datetime.date(2024, 5, 14), "day")
        assert (mid_may.said_on, mid_may.said_on_precision, mid_may.approximate) == (
            datetime.date(2024, 5, 1), "month", False)
        putin = demo("rferl-putin-1")
        assert (putin.said_on, putin.said_on_precision, putin.approximate) == (datetime.date(2015, 1, 1), "year", False)
        assert demo("bd-brown-1").approximate  # "last week"

    def test_kinds_roles_and_recipients(self):
        sikorski = demo("rferl-sikorski-1")
        assert sikorski.kind == "partial_quote" and '"duty"' in sikorski.text
        assert sikorski.speaker_role == "Polish Foreign Minister"
        assert sikorski.recipient_outlet.name == "Financial Times"
        assert demo("bd-kopra-1").speaker_role == "chair of the Finnish parliament's defense committee"
        assert demo("rferl-putin-1").kind == "partial_quote"
        assert demo("bd-kopra-2").kind == "paraphrase"
        # Quotes split by "he said" are one statement.
        assert demo("bd-zelenskyy-1").text.startswith("Why can’t we shoot them down?")
        assert demo("bd-zelenskyy-1").text.endswith("There is no such issue.")
        assert "\n\nSome allies are opposed" in demo("rferl-wesslau-3").text

    def test_every_state_is_shown(self):
        statuses = set(Statement.objects.values_list("status", flat=True))
        assert statuses == set(Status.values)
        assert Statement.objects.published().count() >= 20
        returned = demo("rferl-taylor-1")
        assert returned.status == Status.NEEDS_CHANGES
        assert "ambassador" in returned.events.get(action="request_changes").comment
        retracted = demo("bd-zelenskyy-3")
        assert retracted.status == Status.RETRACTED and retracted.retraction_reason
        assert Statement.objects.public().filter(pk=retracted.pk).exists()

    def test_published_statements_were_checked_as_reported(self):
        published = Statement.objects.published()
        assert set(published.values_list("attribution_status", flat=True)) == {AttributionStatus.REPORTED_SECONDARY}
        assert not published.filter(approved_by=None).exists()

    def test_two_published_verdicts(self):
        verdicts = Verdict.objects.filter(status="published").select_related("statement")
        assert {v.statement.external_id: v.rating for v in verdicts} == {
            "demo:rferl-crowther-2": "true", "demo:rferl-nato-official-3": "mostly_true",
        }
        turkey = demo("rferl-crowther-2").verdict
        assert turkey.evidence.filter(url="https://en.wikipedia.org/wiki/2015_Russian_Sukhoi_Su-24_shootdown").exists()
        assert turkey.approved_by != turkey.created_by

    def test_two_answers_link_to_what_they_answer(self):
        kirby, nato = demo("rferl-kirby-1"), demo("rferl-nato-official-1")
        assert [(r.type, r.to_statement) for r in kirby.relations.all()] == [("responds_to", demo("rferl-zelenskyy-1"))]
        assert [(r.type, r.to_statement) for r in nato.relations.all()] == [("responds_to", demo("rferl-sikorski-1"))]
        page = self.client.get(demo("rferl-zelenskyy-1").get_absolute_url()).content.decode()
        assert "Answered by" in page and kirby.get_absolute_url() in page

    def test_one_correction_after_publication(self):
        note = Correction.objects.get(kind=Correction.Kind.CORRECTION)
        kirby = note.statement
        assert kirby.external_id == "demo:rferl-kirby-1"
        assert kirby.said_on == datetime.date(2024, 4, 15) and note.changed_fields == ["said_on"]
        assert re.search(r"13 to 15 April", note.note)
        assert note.revision.created_by != note.approved_by
