"""The public pages through the real stack: what a reader sees on the timeline, permalinks and profiles."""

import datetime
import re

import pytest
from django.urls import reverse

from statements import workflow
from statements.models import StatementRelation
from statements.templatetags.archive_tags import precise_date
from statements.views import listing

from .factories import make_outlet, make_speaker, make_statement, make_topic
from .public_site import correct, html, publish, publish_series, publish_verdict, seed_like

pytestmark = pytest.mark.django_db

TIMELINE = reverse("statements:timeline")


def links(page, pattern):
    return [m.replace("&amp;", "&") for m in re.findall(rf'href="({pattern}[^"]*)"', page)]


def paging_link(page, name):
    """The href of the link that carries the paging parameter `name` (after, before, page)."""
    return next(u for u in links(page, r"/\?") if re.search(rf"[?&]{name}=", u))


# ---------------------------------------------------------------- the timeline


def test_timeline_groups_by_month_and_day_with_every_entry_field(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    publish_verdict(seed["nyt"], editor, reviewer, rating="mostly_true")
    page = html(client.get(TIMELINE))
    assert page.index(">September 2024</h3>") < page.index(">May 2024</h3>")  # newest month first
    assert '<time datetime="2024-05-21">21 May 2024</time></h4>' in page
    assert "Sometime in September 2024" in page  # a month-precision date has no day heading
    assert "Jukka Kopra</bdi></a>, <bdi>Chair of the Finnish parliament&#x27;s defence committee" in page
    assert "Email, <bdi>email to Breaking Defense</bdi>" in page
    assert ">Breaking Defense</bdi></a>" in page  # outlet of the first source
    assert ">RFE/RL</bdi></a>" in page
    assert "Fact-check: Mostly true" in page
    assert "4 statements" in page


def test_dates_are_written_at_their_precision():
    day = datetime.date(2024, 5, 14)
    assert precise_date(day) == "14 May 2024"
    assert precise_date(day.replace(day=1), "month") == "May 2024"
    assert precise_date(datetime.date(2024, 1, 1), "year") == "2024"
    assert precise_date(day, "day", approximate=True) == "c. 14 May 2024"


def test_precision_on_the_page(client, editor, reviewer):
    publish(editor, reviewer, "A month-precision remark.", said_on=datetime.date(2024, 9, 1),
            said_on_precision="month", approximate=True)
    publish(editor, reviewer, "A year-precision remark.", said_on=datetime.date(2019, 1, 1), said_on_precision="year")
    page = html(client.get(TIMELINE))
    assert '<time datetime="2024-09">c. September 2024</time>' in page
    assert '<time datetime="2019">2019</time>' in page
    assert ">2019</h3>" in page


def test_translation_is_shown_beside_a_non_english_original(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    page = html(client.get(TIMELINE))
    assert 'lang="uk" dir="auto"><p>Збивайте те, що в небі над Україною.</p>' in page
    assert "entry entry--translated" in page
    assert "Shoot down what&#x27;s in the sky over Ukraine." in page
    detail = html(client.get(seed["uk"].get_absolute_url()))
    assert "quotes--pair" in detail and "English translation" in detail
    assert "<dd>Ukrainian (uk)</dd>" in detail and "Original, Ukrainian (uk)" in detail


def test_search_highlights_matched_words_and_escapes_html(client, editor, reviewer):
    publish(editor, reviewer, "<script>alert('x')</script> We must shoot them down.")
    publish(editor, reviewer, "Nothing to see here.")
    response = client.get(TIMELINE, {"q": "shoot"})
    page = html(response)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; We must <mark>shoot</mark> them down." in page
    assert "Nothing to see here." not in page
    assert "1 statement<" in page


def test_pages_keep_every_filter_and_never_repeat_a_row(client, editor, reviewer):
    topic = make_topic("Air defense")
    rows = publish_series(editor, reviewer, listing.PAGE_SIZE + 5, topic_ids=[topic.pk])
    publish(editor, reviewer, "Off topic and not in the series.", said_on=datetime.date(2024, 3, 1))
    first = html(client.get(TIMELINE, {"topic": topic.slug, "medium": "interview"}))
    next_url = paging_link(first, "after")
    assert "topic=air-defense" in next_url and "medium=interview" in next_url
    second = html(client.get(next_url))
    shown = set(re.findall(r"number (\d+) about", first)) | set(re.findall(r"number (\d+) about", second))
    assert len(shown) == len(rows)
    assert "Off topic" not in first + second
    previous = paging_link(second, "before")
    assert "topic=air-defense" in previous
    assert re.findall(r"number (\d+) about", html(client.get(previous))) == re.findall(
        r"number (\d+) about", first
    )


def test_oldest_first_and_best_match_pages(client, editor, reviewer):
    publish_series(editor, reviewer, listing.PAGE_SIZE + 2)
    oldest = html(client.get(TIMELINE, {"ordering": "said_on"}))
    assert oldest.index("Statement number 0 ") < oldest.index("Statement number 1 ")
    following = html(client.get(paging_link(oldest, "after")))
    assert re.findall(r"number (\d+) about", following) == [str(listing.PAGE_SIZE), str(listing.PAGE_SIZE + 1)]
    recent = html(client.get(TIMELINE, {"ordering": "-published_at"}))
    assert re.findall(r"number (\d+) about", html(client.get(paging_link(recent, "after")))) == ["1", "0"]
    best = html(client.get(TIMELINE, {"q": "statement", "ordering": "relevance"}))
    page_two = paging_link(best, "page")
    assert "q=statement" in page_two and "ordering=relevance" in page_two
    assert len(re.findall(r"number \d+ about", html(client.get(page_two)))) == 2


def test_result_count_is_capped(client, editor, reviewer, monkeypatch):
    publish_series(editor, reviewer, 4)
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    assert "3+ statements" in html(client.get(TIMELINE))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"said_after": "yesterday"}, "Enter a date as YYYY-MM-DD"),
        ({"speaker": "nobody-at-all"}, "No speaker with that name"),
        ({"verdict": "pants-on-fire"}, "Select a valid choice"),
        ({"country": "Ukraine"}, "two-letter"),
    ],
)
def test_invalid_filter_value_gives_a_friendly_page(client, editor, reviewer, params, message):
    publish(editor, reviewer, "Something said.")
    response = client.get(TIMELINE, params)
    assert response.status_code == 400
    page = html(response)
    assert "Some filters could not be used" in page and message in page
    assert "start again with no filters" in page


@pytest.mark.parametrize("q", ["", "   ", '"', "-", "()", "AND OR", "a" * 5000, "%", "*", "<b>"])
def test_odd_queries_never_fail(client, editor, reviewer, q):
    publish(editor, reviewer, "Something said.")
    for ordering in ("relevance", "-said_on"):
        response = client.get(TIMELINE, {"q": q, "ordering": ordering})
        assert response.status_code == 200
        assert "<b>" not in html(response).split("<main", 1)[1]


def test_bad_cursor_is_ignored(client, editor, reviewer):
    publish(editor, reviewer, "Something said.")
    for value in ("garbage", "2024-13-01~1", "~", "2024-01-01~x", "2024-01-01~99999999999999999999999"):
        for ordering in ("-said_on", "-published_at"):
            response = client.get(TIMELINE, {"after": value, "before": value, "page": "x", "ordering": ordering})
            assert response.status_code == 200 and "Something said." in html(response)


def test_chart_bars_link_to_their_month_with_the_same_filters(client, editor, reviewer):
    speaker = make_speaker("Kaja Kallas")
    publish(editor, reviewer, "It is not automatic.", speaker=speaker, said_on=datetime.date(2024, 5, 20))
    publish(editor, reviewer, "These fears are not well-founded.", speaker=speaker, said_on=datetime.date(2024, 7, 2))
    page = html(client.get(TIMELINE, {"speaker": speaker.slug}))
    assert page.count('class="chart__bar"') == 2  # June is an empty slot, not a bar
    assert "<title>May 2024: 1</title>" in page
    month = next(u for u in links(page, r"/\?") if "said_after=2024-07-01" in u)
    assert "said_before=2024-07-31" in month and f"speaker={speaker.slug}" in month
    july = html(client.get(month))
    assert "not well-founded" in july and "not automatic" not in july
    assert '<th scope="row"><a href=' in page  # the same numbers as a table


# ---------------------------------------------------------------- the permalink


def test_statement_page_shows_everything_public(client, editor, reviewer):
    outlet = make_outlet("Breaking Defense")
    statement = publish(
        editor, reviewer, "Shoot down what's in the sky over Ukraine.", context="Asked about NATO air defence.",
        sources=[
            {"url": "https://www.nytimes.com/2024/05/20/world/europe/zelensky-interview.html", "primary": True,
             "title": "Zelensky interview", "archive_url": "https://web.archive.org/web/2024/nyt",
             "excerpt": "“Shoot down what’s in the sky over Ukraine,” he added."},
            {"citation": "Breaking Defense, 21 May 2024, print edition", "outlet_id": outlet.pk},
        ],
    )
    other = publish(editor, reviewer, "We will not shoot down anything.")
    StatementRelation.objects.create(from_statement=other, to_statement=statement, type="contradicts")
    publish_verdict(statement, editor, reviewer, rating="half_true")
    statement = correct(statement, editor, reviewer, comment="Added the venue.", venue="The New York Times")
    page = html(client.get(statement.get_absolute_url()))
    for expected in (
        "Primary source", "Secondary source", "https://web.archive.org/web/2024/nyt", "he added.",
        "Breaking Defense, 21 May 2024, print edition", "Asked about NATO air defence.",
        "Not yet checked", "Fact-check: Half true", "Turkey shot down a Russian aircraft.", "Su-24",
        "Added the venue.", "Changed: venue", "Contradicted by", "We will not shoot down anything.",
        "@misc{statement-archive-", statement.content_hash, 'property="og:title"', 'name="twitter:card"',
        'rel="noopener noreferrer nofollow"',
    ):
        assert expected in page, expected


def test_old_or_missing_slug_redirects_permanently(client, editor, reviewer):
    statement = publish(editor, reviewer, "Shoot down what's in the sky over Ukrane.")
    old = statement.get_absolute_url()
    statement = correct(statement, editor, reviewer, text="Shoot down what's in the sky over Ukraine.")
    assert statement.get_absolute_url() != old
    for url in (old, reverse("statements:statement_noslug", kwargs={"pk": statement.pk})):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == statement.get_absolute_url()


def test_hidden_statement_is_a_404_exactly_like_a_missing_one(client, editor):
    draft = make_statement(editor, text="A draft nobody may see.")
    hidden = client.get(reverse("statements:statement", kwargs={"pk": draft.pk, "slug": draft.slug}))
    missing = client.get(reverse("statements:statement", kwargs={"pk": draft.pk + 1000, "slug": draft.slug}))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert b"Page not found" in hidden.content
    noslug = client.get(reverse("statements:statement_noslug", kwargs={"pk": draft.pk}))
    assert noslug.status_code == 404 and noslug.content == missing.content


def test_retracted_statement_keeps_its_page_but_leaves_the_timeline(client, editor, reviewer):
    statement = publish(editor, reviewer, "Words later found to be misattributed.")
    workflow.retract(statement, actor=reviewer, reason="The outlet withdrew its report.")
    page = html(client.get(statement.get_absolute_url()))
    assert "Retracted on" in page and "The outlet withdrew its report." in page
    assert "misattributed" not in html(client.get(TIMELINE))
    corrections = html(client.get(reverse("statements:corrections")))
    assert "Retraction" in corrections and "The outlet withdrew its report." in corrections


@pytest.mark.parametrize("name, kwargs", [
    ("statements:statement", {"pk": 42, "slug": "volodymyr-zelenskyy-we-will-shoot"}),
    ("statements:speaker", {"slug": "volodymyr-zelenskyy"}),
    ("statements:topic", {"slug": "air_defense-2"}),
    ("api:statement-detail", {"pk": 7}),
])
@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_fast_links_are_what_reverse_gives(name, kwargs, prefix):
    """statements.links fills a reversed pattern; behind a SCRIPT_NAME it must still agree with reverse()."""
    from django.urls import set_script_prefix

    from statements.links import link

    set_script_prefix(prefix)
    try:
        assert link(name, **kwargs) == reverse(name, kwargs=kwargs)
    finally:
        set_script_prefix("/")
