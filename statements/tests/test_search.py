"""Full-text search, the same tests on SQLite FTS5 and PostgreSQL (run the file on both engines)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from statements import workflow
from statements.content import snapshot
from statements.models import SpeakerAlias, Statement
from statements.search import RELEVANCE_ORDER, count_capped, highlight, parse_query, search
from statements.search.index import rebuild_index

from .factories import content_data, make_published, make_speaker, make_statement

pytestmark = pytest.mark.django_db


def found(q, queryset=None):
    """Ids of the published statements matching `q`."""
    queryset = Statement.objects.published() if queryset is None else queryset
    return set(search(queryset, q).values_list("pk", flat=True))


@pytest.fixture
def zelenskyy(db):
    return make_speaker("Volodymyr Zelenskyy", aliases=("Zelensky", "Zelenksyy", "Зеленський"), country="UA")


@pytest.fixture
def corpus(editor, reviewer, zelenskyy):
    """A small fixed corpus; the expected result sets below hold on both engines."""
    other = make_speaker("Radosław Sikorski", country="PL")
    texts = {
        "shoot": (zelenskyy, "Why can't we shoot them down? Is it defense? Yes."),
        "defence": (other, "Air défense over western Ukraine is a question for NATO allies."),
        "grain": (other, "The grain corridor must stay open; the Black Sea is not a Russian lake."),
        "possessive": (zelenskyy, "Zelenskyy's team says the sky must be closed."),
        "cyrillic": (zelenskyy, "Ми захистимо наше небо."),
        "numbers": (other, "We delivered 3.5 billion in aid, well-known figures."),
    }
    return {
        key: make_published(editor, reviewer, speaker=speaker, text=text).pk
        for key, (speaker, text) in texts.items()
    }


# ---------------------------------------------------------------- the query language


def test_words_in_any_order(corpus):
    assert found("down shoot") == found("shoot down") == {corpus["shoot"]}


def test_quoted_phrase_keeps_word_order(corpus):
    assert found('"shoot them down"') == {corpus["shoot"]}
    assert found('"down them shoot"') == set()


def test_excluded_words_and_phrases(corpus):
    assert found("ukraine") == {corpus["defence"]}
    assert found("sky") == {corpus["possessive"]}
    assert found("must -grain") == {corpus["possessive"]}
    assert found('must -"black sea"') == {corpus["possessive"]}


def test_only_exclusions_mean_everything_else(corpus):
    assert found("-must") == set(corpus.values()) - {corpus["grain"], corpus["possessive"]}


def test_accents_and_case_are_folded(corpus):
    assert found("DEFENSE") == {corpus["shoot"], corpus["defence"]}
    assert found("défense") == {corpus["shoot"], corpus["defence"]}
    assert found("radoslaw") == found("Radosław") == {corpus["defence"], corpus["grain"], corpus["numbers"]}


def test_possessive_and_punctuation_inside_words(corpus):
    assert corpus["possessive"] in found("zelenskyy's")
    assert found('"3.5 billion"') == {corpus["numbers"]}
    assert found("well-known") == {corpus["numbers"]}


@pytest.mark.parametrize("q", ["zelensky", "Zelenksyy", "ZELENSKYY", "Зеленський", "volodymyr"])
def test_speaker_names_and_aliases_are_searched(corpus, q):
    by_zelenskyy = {corpus["shoot"], corpus["possessive"], corpus["cyrillic"]}
    assert found(q) == by_zelenskyy


def test_speaker_name_and_text_words_combine(corpus):
    assert found("zelensky sky") == {corpus["possessive"]}
    assert found("zelenksyy defense") == {corpus["shoot"]}


def test_cyrillic_text(corpus):
    assert found("небо") == {corpus["cyrillic"]}


ODD = [
    '"', '""', "-", "--", "- -", "AND", "AND OR", "OR NOT", "NEAR(a b)", "*", "a*", "(", ")", "a:b",
    "text:shoot", "^shoot", "{text}: shoot", "shoot +", "x" * 500, "shoot " * 100, "😀", "🇺🇦 небо",
    "a\x00b", "\ud800", "shoot\udfff", "'; DROP TABLE statements_statement; --", "%", "_", "\\", "NOT",
    '"unterminated phrase', "-\"", "∞", "ｓｈｏｏｔ",
]


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_give_a_result_set_never_an_error(corpus, q):
    results = search(Statement.objects.published(), q)
    ids = set(results.values_list("pk", flat=True))
    assert ids <= set(corpus.values())
    assert count_capped(results)[0] == len(ids)
    assert list(results.order_by(*RELEVANCE_ORDER)[:5]) is not None


@pytest.mark.parametrize("q", ['"', "-", "*", "(", "😀", "\x00", "", "   "])
def test_queries_without_words_are_ignored(corpus, q):
    parsed = parse_query(q)
    assert parsed.is_empty
    assert found(q) == set(corpus.values())


def test_operators_are_plain_words(editor, reviewer):
    statement = make_published(editor, reviewer, text="Rock and roll or nothing near here.")
    assert found("AND OR") == {statement.pk}
    assert found("NEAR") == {statement.pk}


# ---------------------------------------------------------------- only the public record


def test_unpublished_and_retracted_are_never_found(editor, reviewer):
    word = "xylophonic"
    draft = make_statement(editor, text=f"A draft {word} claim.")
    in_review = workflow.submit(make_statement(editor, text=f"In review {word}."), actor=editor)
    sent_back = workflow.submit(make_statement(editor, text=f"Sent back {word}."), actor=editor)
    workflow.request_changes(sent_back, actor=reviewer, comment="Source?")
    rejected = workflow.submit(make_statement(editor, text=f"Rejected {word}."), actor=editor)
    workflow.reject(rejected, actor=reviewer, reason="Not a quote.")
    retracted = make_published(editor, reviewer, text=f"Retracted {word}.")
    workflow.retract(retracted, actor=reviewer, reason="Misattributed.")
    published = make_published(editor, reviewer, text=f"Published {word}.")
    assert draft and in_review
    # Even over every statement, the index only knows the published one.
    assert found(word, Statement.objects.all()) == {published.pk}
    assert count_capped(search(Statement.objects.all(), word)) == (1, False)


def test_index_follows_publication(editor, reviewer):
    statement = workflow.submit(make_statement(editor, text="Quarantined quokkas."), actor=editor)
    assert found("quokkas", Statement.objects.all()) == set()
    workflow.approve(statement, actor=reviewer)
    assert found("quokkas") == {statement.pk}


def test_correction_replaces_the_words(editor, reviewer, reviewer2):
    statement = make_published(editor, reviewer, text="Shoot down what's in the sky over Ukrane.")
    data = content_data(text="Shoot down what's in the sky over Ukraine.", speaker_id=statement.speaker_id)
    data["sources"] = snapshot(statement)["sources"]
    workflow.edit_statement(statement, actor=editor, data=data, comment="Typo.", expected_version=statement.version)
    assert found("ukrane") == {statement.pk} and found("ukraine") == set()  # pending: public text unchanged
    pending = workflow.pending_revision(statement)
    workflow.approve_revision(statement, actor=reviewer2, revision_number=pending.number)
    assert found("ukraine") == {statement.pk}
    assert found("ukrane") == set()


def test_retraction_removes_from_search(editor, reviewer):
    statement = make_published(editor, reviewer, text="A claim about zeppelins.")
    workflow.retract(statement, actor=reviewer, reason="The outlet withdrew its report.")
    assert found("zeppelins", Statement.objects.all()) == set()


def test_rolled_back_publication_leaves_no_trace(editor, reviewer):
    statement = workflow.submit(make_statement(editor, text="Ephemeral ocelots."), actor=editor)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.approve(statement, actor=reviewer)
        raise RuntimeError("crash after publishing, before commit")
    assert found("ocelots", Statement.objects.all()) == set()


def test_alias_added_later_is_found(editor, reviewer):
    speaker = make_speaker("Andrzej Duda")
    statement = make_published(editor, reviewer, speaker=speaker, text="Poland stands firm.")
    assert found("dooda") == set()
    alias = SpeakerAlias.objects.create(speaker=speaker, name="Dooda")
    assert found("dooda") == {statement.pk}
    alias.delete()
    assert found("dooda") == set()
    speaker.name = "Andrzej Sebastian Duda"
    speaker.save()
    assert found("sebastian") == {statement.pk}


def test_rebuild_index_matches_the_live_index(corpus, editor):
    make_statement(editor, text="A draft about shoot-outs.")
    before = {q: found(q) for q in ("shoot", "zelensky", "must -grain", '"black sea"')}
    rebuild_index()
    assert {q: found(q) for q in before} == before


def test_rebuild_command(corpus, capsys):
    call_command("rebuild_search_index")
    assert "rebuilt" in capsys.readouterr().out
    assert found("shoot") == {corpus["shoot"]}


# ---------------------------------------------------------------- ranking, counting, highlighting


def test_relevance_puts_the_better_match_first(editor, reviewer):
    weak = make_published(editor, reviewer, text="Among many other subjects raised that day, missiles came up.")
    strong = make_published(editor, reviewer, text="Missiles, missiles, missiles.")
    ranked = list(search(Statement.objects.published(), "missiles").order_by(*RELEVANCE_ORDER))
    assert ranked == [strong, weak]
    assert ranked[0].rank > ranked[1].rank


def test_date_order_with_search(corpus):
    results = search(Statement.objects.published(), "must").order_by("-said_on", "-id")
    assert [s.pk for s in results] == sorted([corpus["grain"], corpus["possessive"]], reverse=True)


def test_count_capped(corpus):
    everything = Statement.objects.published()
    assert count_capped(everything) == (6, False)
    assert count_capped(everything, cap=4) == (4, True)
    assert count_capped(search(everything, "zelensky"), cap=3) == (3, False)
    assert count_capped(search(everything, "zelensky"), cap=2) == (2, True)
    assert count_capped(search(Statement.objects.all(), "zelensky"), cap=2) == (2, True)
    assert count_capped(search(everything, "zelensky").filter(text__contains="sky"), cap=2) == (1, False)
    assert count_capped(search(Statement.objects.filter(status="draft"), "zelensky")) == (0, False)
    assert count_capped(search(Statement.objects.public(), "zelensky")) == (3, False)


def test_highlight_marks_folded_words():
    segments = highlight("Why can't we shoot them down? Is it DÉFENSE?", "defense shoot -down")
    assert segments == [
        (False, "Why can't we "), (True, "shoot"), (False, " them down? Is it "), (True, "DÉFENSE"), (False, "?"),
    ]
    assert "".join(text for _, text in segments) == "Why can't we shoot them down? Is it DÉFENSE?"


def test_highlight_without_query_is_one_plain_segment():
    assert highlight("<b>not markup</b>", "") == [(False, "<b>not markup</b>")]
    assert highlight("", "word") == []


def test_parse_query_structure():
    parsed = parse_query('défense "shoot them down" -nato -"black sea" AND *')
    assert [t.text for t in parsed.required] == ["défense", "shoot them down", "AND"]
    assert [t.words for t in parsed.excluded] == [("nato",), ("black", "sea")]
    assert parsed.ignored == ("*",)
    assert str(parsed) == 'défense "shoot them down" AND -nato -"black sea"'


def test_parse_query_caps_the_number_of_terms():
    parsed = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(parsed.required) == 16 and len(parsed.ignored) == 84


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plan choice")
def test_sqlite_common_word_walks_the_date_order_with_the_same_results(corpus, monkeypatch):
    from statements.search import sqlite

    listed = search(Statement.objects.published(), "must").order_by("-said_on", "-id")
    expected = [s.pk for s in listed]
    assert "EXISTS" not in str(listed.query)
    monkeypatch.setattr(sqlite, "WALK_MIN_DOCS", 1)
    walked = search(Statement.objects.published(), "must").order_by("-said_on", "-id")
    assert "EXISTS" in str(walked.query)
    assert [s.pk for s in walked] == expected
    # A join (a filter the date index cannot serve) goes back to the match list.
    joined = walked.filter(speaker__country="PL")
    assert "EXISTS" not in str(joined.query)
    assert [s.pk for s in joined] == [corpus["grain"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan choice")
def test_postgresql_lists_a_few_matches_first_with_the_same_results(corpus, monkeypatch):
    from statements.search import postgres

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statements_search")  # the share is measured against the indexed rows
    monkeypatch.setattr(postgres, "LIST_MAX_SHARE", 0)  # nothing is few: the planner's EXISTS
    walked = search(Statement.objects.published(), "must").order_by("-said_on", "-id")
    assert "EXISTS" in str(walked.query)
    expected = [s.pk for s in walked]
    assert sorted(expected) == sorted([corpus["grain"], corpus["possessive"]])
    monkeypatch.setattr(postgres, "LIST_MAX_SHARE", 1.01)  # every search is few: its matches listed first
    listed = search(Statement.objects.published(), "must").order_by("-said_on", "-id")
    assert "= ANY(ARRAY(SELECT" in str(listed.query)
    assert [s.pk for s in listed] == expected
    relevance = search(Statement.objects.published(), "must").order_by(*RELEVANCE_ORDER)
    assert "= ANY(ARRAY(SELECT" not in str(relevance.query)  # only date order chooses


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_no_stale_index_rows(editor, reviewer):
    make_published(editor, reviewer, text="Flushable flamingos.")
    assert count_capped(search(Statement.objects.published(), "flamingos")) == (1, False)
    call_command("flush", interactive=False, verbosity=0)
    assert count_capped(search(Statement.objects.published(), "flamingos")) == (0, False)


def test_relevance_ranks_the_best_matches_and_then_newest(editor, reviewer, monkeypatch):
    from statements.search import plan, postgres, sqlite

    for module in (plan, postgres, sqlite):
        monkeypatch.setattr(module, "RANKED", 2, raising=False)
    best = make_published(editor, reviewer, text="Tanks tanks tanks.", said_on=datetime.date(2001, 1, 1))
    good = make_published(editor, reviewer, text="Tanks, tanks and more.", said_on=datetime.date(2002, 1, 1))
    older = make_published(editor, reviewer, text="On tanks and many other subjects that day.",
                           said_on=datetime.date(2003, 1, 1))
    newer = make_published(editor, reviewer, text="On tanks and many other subjects this day.",
                           said_on=datetime.date(2004, 1, 1))
    results = search(Statement.objects.published(), "tanks").order_by(*RELEVANCE_ORDER)
    ranked = list(results)
    assert ranked == [best, good, newer, older]
    assert ranked[0].rank > ranked[1].rank and ranked[2].rank is None
    # A first page inside the ranked best lists only those (same rows, less work); deeper pages all.
    assert list(results[:2]) == [best, good]
    assert list(results[:3]) == [best, good, newer]
    assert list(results.filter(said_on__year__gte=2002)[:2]) == [good, newer]


# ---------------------------------------------------------------- searches naming a speaker


@pytest.fixture
def named(editor, reviewer):
    """Statements of two speakers named Rossi, and others that name them only in their text."""
    eva = make_speaker("Eva Rossi", aliases=("Evá Rosi",), affiliation="Senate")
    marco = make_speaker("Marco Rossi")
    other = make_speaker("Ada Lind")
    rows = {
        "eva": (eva, "Taxes will not rise."),
        "eva_late": (eva, "The budget is balanced."),
        "marco_eva": (marco, "My sister Eva disagrees."),  # "eva" in the text, "rossi" in the name
        "marco": (marco, "The bridge opens in May."),
        "mention": (other, "Eva Rossi was wrong about the budget."),
        "half": (other, "Rossi restaurants closed."),
    }
    ids = {key: make_published(editor, reviewer, speaker=s, text=text).pk for key, (s, text) in rows.items()}
    ids["eva_draft"] = make_statement(editor, speaker=eva, text="Unpublished words.").pk
    return ids


def without_speaker_plan(monkeypatch, q):
    from statements.search import plan

    monkeypatch.setattr(plan, "NAMED_SPEAKERS_MAX", 0)
    return found(q)


@pytest.mark.parametrize(
    ("q", "keys"),
    [
        ("eva rossi", {"eva", "eva_late", "marco_eva", "mention"}),
        ('"eva rossi"', {"eva", "eva_late", "mention"}),
        ("rosi", {"eva", "eva_late"}),
        ("rossi senate", {"eva", "eva_late"}),
        ("rossi budget", {"eva_late", "mention"}),
        ("rossi", {"eva", "eva_late", "marco_eva", "marco", "mention", "half"}),  # two speakers
    ],
)
def test_a_search_naming_speakers_finds_their_statements_and_mentions(named, monkeypatch, q, keys):
    expected = {named[key] for key in keys}
    assert found(q) == expected
    assert without_speaker_plan(monkeypatch, q) == expected  # the plain index plan agrees


def test_a_named_speaker_is_read_from_the_speaker_timeline(named):
    page = search(Statement.objects.published(), "rosi").order_by("-said_on", "-id")
    sql = str(page.query)
    assert "statements_search" not in sql  # no statement index lookup: the names sufficed
    assert [s.pk for s in page] == sorted([named["eva"], named["eva_late"]], reverse=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plan choice")
def test_many_matches_of_several_speakers_walk_the_date_order(named, monkeypatch):
    from statements.search import sqlite

    expected = [s.pk for s in search(Statement.objects.published(), "rossi").order_by("-said_on", "-id")]
    monkeypatch.setattr(sqlite, "WALK_MIN_DOCS", 1)  # every search is common: walk the date index
    walked = search(Statement.objects.published(), "rossi").order_by("-said_on", "-id")
    assert '+"statements_statement"."speaker_id" IN' in str(walked.query)
    assert [s.pk for s in walked] == expected
    assert len(expected) == 6


def test_a_speaker_named_after_the_first_search_is_found(named, editor, reviewer):
    assert found("nora kessel") == set()
    speaker = make_speaker("Nora Kessel")
    statement = make_published(editor, reviewer, speaker=speaker, text="New voice.")
    assert found("nora kessel") == {statement.pk}
    speaker.name = "Nora Kassel"
    speaker.save()
    assert found("nora kessel") == set()
    assert found("nora kassel") == {statement.pk}


def test_too_many_other_matches_fall_back_to_the_index(named, monkeypatch):
    monkeypatch.setattr("statements.search.plan.OTHER_MATCHES_MAX", 0)
    page = search(Statement.objects.published(), "eva rossi").order_by("-said_on", "-id")
    assert "statements_search" in str(page.query)
    assert {s.pk for s in page} == {named[key] for key in ("eva", "eva_late", "marco_eva", "mention")}


@pytest.mark.django_db(transaction=True)
def test_speaker_plan_kept_between_searches_sees_every_publication(editor, reviewer):
    """Outside a transaction the plan is kept per public generation: a publish must refresh it."""
    speaker = make_speaker("Eva Rossi")
    first = make_published(editor, reviewer, speaker=speaker, text="First words.")
    assert found("eva rossi") == {first.pk}
    mention = make_published(editor, reviewer, speaker=make_speaker("Ada Lind"), text="Eva Rossi is right.")
    assert found("eva rossi") == {first.pk, mention.pk}
    workflow.retract(first, actor=reviewer, reason="Misattributed.")
    assert found("eva rossi") == {mention.pk}
