"""The article assistant's desk page: paste an article, check the proposals, save ticked ones as drafts."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements.assistant.forms import ArticleForm
from statements.models import Outlet, Speaker, Statement, StatementEvent

from .factories import make_speaker, make_statement, make_user

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/004_a0b76d39bb8b7e28.txt").read_text(encoding="utf-8")
CITATION = "Breaking Defense, 21 May 2024"
START, SAVE = reverse("assistant:start"), reverse("assistant:save")
ROW = re.compile(r"proposals-(\d+)-text")


class FormReader(HTMLParser):
    """What a browser submits from the page's form with `action`: checked boxes, selected options, texts."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and ("selected" in attrs or self.select not in self.fields):
            self.fields[self.select] = attrs.get("value", "")  # a select sends its first option by default

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        self.textarea = None if tag == "textarea" else self.textarea
        self.select = None if tag == "select" else self.select

    def handle_data(self, data):
        if self.textarea:
            # The HTML parser drops one newline right after <textarea>, as browsers do.
            self.fields[self.textarea] += data.removeprefix("\n") if not self.fields[self.textarea] else data


def browser_fields(response, action=SAVE):
    reader = FormReader(action)
    reader.feed(response.content.decode())
    return reader.fields


def rows(fields, words=""):
    """Row numbers of the proposals whose quoted words contain `words`."""
    return [int(ROW.fullmatch(k)[1]) for k, v in fields.items() if ROW.fullmatch(k) and words in v]


def paste(client, text=SEED, **article):
    data = {"text": text, "citation": CITATION, "outlet": "Breaking Defense", "published_on": "2024-05-21"}
    data.update(article)
    return client.post(START, {f"article-{name}": value for name, value in data.items()})


def tick(fields, *numbers):
    for number in numbers:
        fields[f"proposals-{number}-include"] = "on"
    return fields


@pytest.fixture
def zelenskyy(db):
    return make_speaker("Volodymyr Zelenskyy", aliases=("Zelenksyy",), slug="volodymyr-zelenskyy")


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def test_seed_article_end_to_end_three_ticked_become_drafts(desk, editor, zelenskyy):
    page = paste(desk)
    assert page.status_code == 200
    fields = browser_fields(page)
    ours = [n for n in rows(fields) if fields[f"proposals-{n}-speaker"] == str(zelenskyy.pk)]
    assert len(ours) == 4  # "what's the problem", two NYT quotes, "I don't see it"
    assert Statement.objects.count() == 0 and Outlet.objects.count() == 0 and Speaker.objects.count() == 1

    response = desk.post(SAVE, tick(fields, *ours[:3]))
    assert response.status_code == 302
    drafts = list(Statement.objects.order_by("pk").select_related("speaker"))
    assert [d.text for d in drafts] == [fields[f"proposals-{n}-text"] for n in ours[:3]]
    assert {(d.status, d.speaker, d.created_by, d.speaker_role) for d in drafts} == {
        ("draft", zelenskyy, editor, "Ukrainian President")
    }
    assert drafts[1].text.startswith("Why can’t we shoot them down? Is it defense? Yes.")
    assert (drafts[1].said_on, drafts[1].said_on_precision, drafts[1].medium) == (
        datetime.date(2024, 5, 21), "day", "interview"
    )
    outlet = Outlet.objects.get()
    for draft, number in zip(drafts, ours, strict=False):
        source = draft.sources.get()
        assert (source.citation, source.url, source.outlet, source.primary) == (CITATION, "", outlet, False)
        assert source.published_on == datetime.date(2024, 5, 21)
        assert source.excerpt == fields[f"proposals-{number}-excerpt"] and draft.text[:12] in source.excerpt
    assert not Statement.objects.filter(text__contains="except in words").exists()  # the unticked fourth
    assert not Speaker.objects.filter(name="Jukka Kopra").exists()

    summary = desk.get(response.url)
    for draft in drafts:
        assert reverse("admin:statements_statement_change", args=[draft.pk]) in summary.content.decode()


def test_new_speakers_are_created_once_on_save_with_the_printed_name_as_alias(desk, zelenskyy):
    make_speaker("Somebody Else", slug="jukka-olavi-kopra")
    fields = browser_fields(paste(desk))
    kopra = rows(fields, "I would embrace") + rows(fields, "interesting but complicated")
    advisor = rows(fields, "seriously")
    assert [fields[f"proposals-{n}-new_speaker"] for n in kopra] == ["Jukka Kopra", "Jukka Kopra"]
    assert fields[f"proposals-{advisor[0]}-anonymous"] == "on"
    fields[f"proposals-{kopra[0]}-new_speaker"] = "Jukka Olavi Kopra"

    assert desk.post(SAVE, tick(fields, *kopra, *advisor)).status_code == 302
    speaker = Speaker.objects.get(name="Jukka Olavi Kopra")
    assert speaker.slug == "jukka-olavi-kopra-2"
    assert speaker.description == "chair of the Finnish parliament’s defense committee"
    assert list(speaker.aliases.values_list("name", flat=True)) == ["Jukka Kopra"]
    assert speaker.statements.count() == 2  # the second row found the new speaker by its alias
    unnamed = Statement.objects.get(text="seriously").speaker
    assert unnamed.anonymous and not unnamed.aliases.exists()


def test_undated_proposal_defaults_to_the_articles_month_approximately(desk, zelenskyy):
    fields = browser_fields(paste(desk))
    [number] = rows(fields, "no big appetite")
    assert fields[f"proposals-{number}-said_on"] == "2024-05-01"
    assert fields[f"proposals-{number}-said_on_precision"] == "month"
    assert fields[f"proposals-{number}-approximate"] == "on"


def test_quote_already_in_the_archive_is_flagged_with_a_desk_link(desk, editor, zelenskyy):
    existing = make_statement(editor, speaker=zelenskyy, text="I don't see it — except in words")
    page = paste(desk, outlet="breaking-defense")  # an existing outlet, by slug
    html = page.content.decode()
    assert html.count("Already in the archive") == 1
    assert reverse("admin:statements_statement_change", args=[existing.pk]) in html
    [flagged] = [form for form in page.context["formset"].forms if form.duplicates]
    assert flagged["text"].value() == "I don’t see it, except in words."
    assert "(in the archive)" in html and Outlet.objects.count() == 1


def test_a_bad_row_sends_the_page_back_and_saves_nothing(desk, zelenskyy):
    fields = browser_fields(paste(desk))
    ours = rows(fields, "Why can’t") + rows(fields, "Shoot down") + rows(fields, "except in words")
    fields[f"proposals-{ours[1]}-said_on"] = "2024-02-30"
    response = desk.post(SAVE, tick(fields, *ours))
    assert response.status_code == 200
    assert "said_on" in response.context["formset"].forms[ours[1]].errors
    assert "Nothing was saved" in response.content.decode()
    assert Statement.objects.count() == 0 and Outlet.objects.count() == 0


def test_a_row_refused_after_others_were_written_rolls_them_all_back(desk, zelenskyy):
    make_speaker("Jukka Kopra", slug="jukka-kopra-a")
    make_speaker("Jukka Kopra", slug="jukka-kopra-b")
    fields = browser_fields(paste(desk))
    [kopra] = rows(fields, "interesting but complicated")
    fields[f"proposals-{kopra}-speaker"], fields[f"proposals-{kopra}-new_speaker"] = "", "Jukka Kopra"
    response = desk.post(SAVE, tick(fields, *rows(fields, "Why can’t"), *rows(fields, "Shoot down"), kopra))
    assert response.status_code == 200
    assert "Several speakers" in str(response.context["formset"].forms[kopra].errors["new_speaker"])
    assert Statement.objects.count() == 0 and StatementEvent.objects.count() == 0
    assert Outlet.objects.count() == 0 and Speaker.objects.count() == 3


def test_nothing_ticked_is_an_error(desk, zelenskyy):
    response = desk.post(SAVE, browser_fields(paste(desk)))
    assert "Tick at least one" in str(response.context["formset"].non_form_errors())
    assert Statement.objects.count() == 0


def test_tampered_hidden_article_fields_are_checked_again_on_save(desk, zelenskyy):
    fields = browser_fields(paste(desk))
    fields.update({"article-url": "javascript:alert(1)", "article-citation": "", "article-outlet": "Evil\x00"})
    response = desk.post(SAVE, tick(fields, *rows(fields, "Why can’t")))
    assert response.status_code == 200 and {"url", "outlet"} <= set(response.context["source"].errors)
    assert 'href="javascript' not in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"url": "javascript:alert(1)", "citation": ""}, "url"),
        ({"url": "", "citation": ""}, "url"),
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 200_001}, "text"),
        ({"text": "He said “hi\x00”."}, "text"),
        ({"published_on": "2024-13-01"}, "published_on"),
    ],
)
def test_bad_article_input_is_a_form_error(desk, article, field):
    response = paste(desk, **article)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert "formset" not in response.context


def test_lone_surrogate_is_a_form_error():
    form = ArticleForm({"article-text": "“Hi \ud800,” he said.", "article-citation": CITATION}, prefix="article")
    assert "text" in form.errors


def test_200000_characters_are_accepted(desk):
    response = paste(desk, text="x" * 200_000)
    assert response.status_code == 200 and "No quotations were found" in response.content.decode()


def test_only_editors_may_use_it(client):
    for url in (START, SAVE, reverse("assistant:saved")):
        response = client.post(url) if url == SAVE else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    for roles in (("reviewer",), ()):
        client.force_login(make_user(None, *roles))
        assert client.get(START).status_code == 403
        assert paste(client).status_code == 403
        assert client.post(SAVE, {}).status_code == 403
    assert Statement.objects.count() == 0


def test_a_long_paste_lists_the_first_60_and_still_saves(desk, zelenskyy):
    """Django refuses a POST of over 1,000 fields: the page stays below that."""
    page = paste(desk, text="\n\n".join([SEED] * 6))
    assert "The first 60 are listed" in page.content.decode()
    fields = browser_fields(page)
    assert len(rows(fields)) == 60 and len(fields) < 1000
    assert desk.post(SAVE, tick(fields, 0, 59)).status_code == 302
    assert Statement.objects.count() == 2


def test_desk_page_is_private_and_in_the_admin_frame(desk):
    response = desk.get(START)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert 'id="site-name"' in response.content.decode() and "assistant/assistant.css" in response.content.decode()


def test_proposal_page_queries_do_not_grow_with_the_number_of_quotes(desk, zelenskyy):
    with CaptureQueriesContext(connection) as one:
        paste(desk, text="“We will not give up,” Volodymyr Zelenskyy said on Tuesday.")
    with CaptureQueriesContext(connection) as many:
        page = paste(desk)
    assert len(page.context["formset"].forms) > 10
    assert len(many) == len(one)


NOISE = ["“", "”", '"', "‘", "’", "«", "»", " he said", "\n\n", "Zelenksyy", " on May 14", ". ", "Share this"]
SPEAKERS = ["Jane Doe", "he", "Zelenksyy", "a NATO official who didn't want to be named", "Sen. Ruth Alvarez"]
QUOTE = st.builds("“{},” {} said{}.".format, st.text(min_size=1, max_size=40), st.sampled_from(SPEAKERS),
                  st.sampled_from(["", " on May 14", " last week", " in an email"]))
ARTICLE = st.lists(st.one_of(QUOTE, st.sampled_from(NOISE), st.text(max_size=30)), max_size=30).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARTICLE)
def test_any_pasted_text_gives_a_page_never_a_500(desk, text):
    """Whatever is pasted, step 2 answers with a page, and saving every proposal saves or explains."""
    page = paste(desk, text=text)
    assert page.status_code == 200
    fields = browser_fields(page)
    if rows(fields):
        response = desk.post(SAVE, tick(fields, *rows(fields)))
        assert response.status_code in (200, 302)
