"""A reader searching the timeline: misspelled names, filters that survive paging, the activity chart."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from statements.models import Speaker, Statement, Topic
from statements.tests.factories import make_published, make_user

from .helpers import entry_quotes, entry_speakers, month_headings, results_count

pytestmark = pytest.mark.browser

ZELENSKYY = "Volodymyr Zelenskyy"


def zelenskyy_published():
    return Statement.objects.published().filter(speaker__slug="volodymyr-zelenskyy").count()


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_misspelled_speaker_from_the_header_search_finds_zelenskyy(demo, page):
    """"Zelenksyy" (letters swapped, as one seed article spells it) typed in the header's search box."""
    page.goto(reverse("statements:speakers"))
    page.get_by_role("search", name="Site").get_by_label("Search statements").fill("Zelenksyy")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()

    assert query_of(page.url)["q"] == "Zelenksyy"
    speakers = entry_speakers(page)
    assert speakers.count(ZELENSKYY) == zelenskyy_published() == 4
    assert results_count(page) == len(speakers)


@pytest.fixture
def june_air_defense(demo):
    """30 published air-defense statements in June 2024 (more than one page), and 3 on another topic."""
    editor, reviewer = make_user("june-ed", "editor"), make_user("june-rev", "reviewer")
    speaker = Speaker.objects.get(slug="ben-hodges")
    air, nato = Topic.objects.get(slug="air-defense"), Topic.objects.get(slug="nato")
    texts = []
    for n in range(33):
        text = f"Air defense remark number {n} for the paging test."
        topic = air if n < 30 else nato
        make_published(editor, reviewer, speaker=speaker, text=text, topic_ids=[topic.pk],
                       said_on=datetime.date(2024, 6, 1 + n % 28))
        if n < 30:
            texts.append(text)
    return texts


def test_topic_and_date_filters_are_kept_on_the_next_page(june_air_defense, page):
    page.goto(reverse("statements:timeline"))
    form = page.get_by_role("search", name="Search and filter statements")
    form.get_by_text("More filters").click()
    form.get_by_label("Topic").select_option(label="Air defense")
    form.get_by_label("Said on or after").fill("2024-06-01")
    form.get_by_label("Said on or before").fill("2024-06-30")
    form.get_by_role("button", name="Search").click()

    wanted = {"topic": "air-defense", "said_after": "2024-06-01", "said_before": "2024-06-30"}
    assert wanted.items() <= query_of(page.url).items()
    assert results_count(page) == 30
    first_page = entry_quotes(page)
    assert len(first_page) == 25
    assert set(month_headings(page)) == {"June 2024"}

    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next page").click()
    assert wanted.items() <= query_of(page.url).items()
    # The form on the next page still shows the filters in force.
    assert page.get_by_label("Topic").input_value() == "air-defense"
    assert page.get_by_label("Said on or after").input_value() == "2024-06-01"
    assert page.get_by_label("Said on or before").input_value() == "2024-06-30"
    second_page = entry_quotes(page)
    assert sorted(first_page + second_page) == sorted(june_air_defense)


def test_lowercase_spelling_then_a_chart_bar_leads_to_that_months_statements(demo, page):
    """"zelensky" typed in the timeline's own search form; then the bar of May 2024 in the activity chart."""
    page.goto(reverse("statements:timeline"))
    form = page.get_by_role("search", name="Search and filter statements")
    form.get_by_label("Search statements").fill("zelensky")
    form.get_by_role("button", name="Search").click()

    assert entry_speakers(page).count(ZELENSKYY) == 4
    assert form.get_by_label("Search statements").input_value() == "zelensky"  # the box keeps the query

    bar = page.locator("svg.chart__svg a.chart__link").filter(has=page.locator("title", has_text="May 2024"))
    expected = int(re.search(r": (\d+)$", bar.locator("title").text_content()).group(1))
    bar.click()

    params = query_of(page.url)
    assert {"q": "zelensky", "said_after": "2024-05-01", "said_before": "2024-05-31"}.items() <= params.items()
    assert results_count(page) == expected == 3
    assert month_headings(page) == ["May 2024"]
    assert set(entry_speakers(page)) == {ZELENSKYY}
