"""The one FilterSet behind the timeline and the API: each filter narrows, bad values are form errors."""

import datetime

import pytest

from statements import workflow
from statements.filters import StatementFilter
from statements.models import Statement

from .factories import make_outlet, make_published, make_speaker, make_statement, make_topic

pytestmark = pytest.mark.django_db


def filtered(params, queryset=None):
    """(ids in order, errors) for these query parameters over the published statements."""
    queryset = Statement.objects.published() if queryset is None else queryset
    filterset = StatementFilter(params, queryset=queryset)
    valid = filterset.is_valid()
    return [s.pk for s in filterset.qs], (None if valid else filterset.errors)


def ids(params):
    result, errors = filtered(params)
    assert errors is None, errors
    return result


def source(outlet, n=1):
    return {"url": f"https://{outlet.slug}.example/{n}", "outlet_id": outlet.pk, "title": "Report"}


@pytest.fixture
def archive(editor, reviewer, reviewer2):
    """Three published statements that differ in every filtered field, plus unpublished noise."""
    ua = make_speaker("Volodymyr Zelenskyy", aliases=("Zelensky",), country="UA", slug="zelenskyy")
    pl = make_speaker("Radosław Sikorski", country="PL", slug="sikorski")
    bbc, ft = make_outlet("BBC"), make_outlet("Financial Times")
    air, grain = make_topic("Air defense"), make_topic("Grain")
    kyiv = make_published(
        editor, reviewer, speaker=ua, text="Why can't we shoot them down?", said_on=datetime.date(2024, 5, 20),
        medium="interview", topic_ids=[air.pk], sources=[source(ft), source(bbc, 2)],
    )
    warsaw = make_published(
        editor, reviewer, speaker=pl, text="Poland will not shoot first.", said_on=datetime.date(2023, 1, 10),
        medium="speech", topic_ids=[air.pk, grain.pk], sources=[source(bbc)],
    )
    odesa = make_published(
        editor, reviewer, speaker=ua, text="Зерно має йти морем.", language="uk", translation="Grain must go by sea.",
        said_on=datetime.date(2022, 8, 1), said_on_precision="month", medium="press_conference",
        topic_ids=[grain.pk], sources=[source(ft)],
    )
    # A published verdict on one, an unreviewed one on another.
    workflow.save_verdict(kyiv, actor=editor, claim="NATO could shoot them down", rating="mostly_true", summary="S")
    workflow.submit_verdict(kyiv, actor=editor)
    workflow.approve_verdict(kyiv, actor=reviewer)
    workflow.save_verdict(warsaw, actor=editor, claim="Poland shoots first", rating="false", summary="S")
    workflow.submit_verdict(warsaw, actor=editor)
    # Unpublished statements that match every filter: never in the results.
    make_statement(editor, speaker=ua, text="A draft: shoot them down.", said_on=datetime.date(2024, 5, 21),
                   medium="interview", topic_ids=[air.pk], sources=[source(ft)])
    retracted = make_published(editor, reviewer2, speaker=ua, text="Retracted: shoot.", medium="interview",
                               sources=[source(ft)], said_on=datetime.date(2024, 5, 22))
    workflow.retract(retracted, actor=reviewer, reason="Misattributed.")
    return {"kyiv": kyiv.pk, "warsaw": warsaw.pk, "odesa": odesa.pk}


def test_no_parameters_newest_first(archive):
    assert ids({}) == [archive["kyiv"], archive["warsaw"], archive["odesa"]]


def test_search(archive):
    assert ids({"q": "shoot"}) == [archive["kyiv"], archive["warsaw"]]
    assert ids({"q": "zelensky grain"}) == [archive["odesa"]]  # alias + translation


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "zelenskyy"}, ["kyiv", "odesa"]),
        ({"topic": "grain"}, ["warsaw", "odesa"]),
        ({"outlet": "bbc"}, ["kyiv", "warsaw"]),  # any source, not only the first
        ({"outlet": "financial-times"}, ["kyiv", "odesa"]),
        ({"country": "PL"}, ["warsaw"]),
        ({"country": "ua"}, ["kyiv", "odesa"]),
        ({"medium": "speech"}, ["warsaw"]),
        ({"language": "uk"}, ["odesa"]),
        ({"said_after": "2023-01-10"}, ["kyiv", "warsaw"]),  # inclusive
        ({"said_before": "2023-01-10"}, ["warsaw", "odesa"]),
        ({"said_after": "2022-01-01", "said_before": "2022-12-31"}, ["odesa"]),
        ({"verdict": "mostly_true"}, ["kyiv"]),
        ({"verdict": "false"}, []),  # written but not reviewed: not a verdict yet
        ({"speaker": "zelenskyy", "topic": "air-defense", "q": "shoot"}, ["kyiv"]),
    ],
)
def test_each_filter_narrows(archive, params, expected):
    assert ids(params) == [archive[key] for key in expected]


def test_outlet_with_two_sources_appears_once(archive):
    assert ids({"outlet": "bbc"}).count(archive["kyiv"]) == 1


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("said_on", ["odesa", "warsaw", "kyiv"]),
        ("-said_on", ["kyiv", "warsaw", "odesa"]),
        ("-published_at", ["odesa", "warsaw", "kyiv"]),
        ("relevance", ["kyiv", "warsaw", "odesa"]),  # without q: newest first
    ],
)
def test_ordering(archive, ordering, expected):
    assert ids({"ordering": ordering}) == [archive[key] for key in expected]


def test_relevance_with_a_search(editor, reviewer):
    weak = make_published(editor, reviewer, text="On many subjects that day, drones came up too.",
                          said_on=datetime.date(2024, 6, 1))
    strong = make_published(editor, reviewer, text="Drones, drones, drones.", said_on=datetime.date(2020, 1, 1))
    assert ids({"q": "drones", "ordering": "relevance"}) == [strong.pk, weak.pk]
    assert ids({"q": "drones"}) == [weak.pk, strong.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"said_after": "2024-13-01"}, "said_after"),
        ({"said_before": "20/05/2024"}, "said_before"),
        ({"said_after": "yesterday"}, "said_after"),
        ({"speaker": "nobody-by-that-name"}, "speaker"),
        ({"speaker": "not a slug!"}, "speaker"),
        ({"speaker": "a\x00b"}, "speaker"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"outlet": "no-such-outlet"}, "outlet"),
        ({"country": "Ukraine"}, "country"),
        ({"medium": "telepathy"}, "medium"),
        ({"verdict": "pants_on_fire"}, "verdict"),
        ({"language": "english!"}, "language"),
        ({"ordering": "text"}, "ordering"),
    ],
)
def test_invalid_values_are_form_errors(archive, params, field):
    _, errors = filtered(params)
    assert errors is not None and list(errors) == [field]


def test_undeclared_parameters_are_ignored(archive):
    assert ids({"status": "draft", "page": "2", "format": "json", "id": "1"}) == ids({})


@pytest.mark.parametrize("q", ['"', "-", "AND OR", "*", "(", "a:b", "x" * 500, "😀", "небо"])
def test_odd_searches_are_valid(archive, q):
    result, errors = filtered({"q": q})
    assert errors is None
    assert set(result) <= set(archive.values())


@pytest.mark.parametrize("q", ["a\x00b", "\ud800"])
def test_broken_search_text_is_a_field_error(archive, q):
    _, errors = filtered({"q": q})
    assert list(errors) == ["q"]


def test_never_widens_the_given_queryset(archive):
    only_kyiv = Statement.objects.published().filter(pk=archive["kyiv"])
    for params in ({}, {"q": "shoot"}, {"speaker": "sikorski"}, {"ordering": "relevance", "q": "grain"}):
        result, _ = filtered(params, only_kyiv)
        assert set(result) <= {archive["kyiv"]}


def test_invalid_filter_still_only_narrows(archive):
    result, errors = filtered({"said_after": "nope", "speaker": "sikorski"})
    assert errors is not None
    assert set(result) <= set(archive.values())


def test_search_query_for_highlighting(archive):
    filterset = StatementFilter({"q": 'shoot "them down" -nato *'}, queryset=Statement.objects.published())
    assert filterset.is_valid()
    query = filterset.search_query
    assert query.highlight_words == {"shoot", "them", "down"}
    assert query.ignored == ("*",)


def test_a_slug_known_only_from_drafts_reads_like_an_unknown_one(archive, editor):
    hidden = make_speaker("Hidden Person", slug="hidden-person")
    make_statement(editor, speaker=hidden, text="A draft by someone not yet public.")
    _, hidden_errors = filtered({"speaker": "hidden-person"})
    _, unknown_errors = filtered({"speaker": "never-existed"})
    assert hidden_errors["speaker"] == unknown_errors["speaker"]
