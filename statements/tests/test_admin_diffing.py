"""The desk's word diffs, on passages from the seed articles."""

import pytest

from statements.diffing import Names, content_changes, quote_vs_excerpt, word_diff

from .factories import make_speaker, make_topic

# Breaking Defense, May 2024: the quote is split around "he said" in the article.
NYT_EXCERPT = ("“Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No,” he said. "
               "“Are you shooting down Russian planes and killing Russian pilots? No.")
# RFE/RL, September 2024: a partial quote inside a paraphrase.
SIKORSKI_EXCERPT = ("In a recent interview with the U.K.'s Financial Times, Sikorski said Poland had a \"duty\" "
                    "to shoot down Russian missiles over Ukraine.")


def ops(segments, op):
    return [text for kind, text in segments if kind == op]


def test_quote_found_word_for_word_despite_quote_marks_and_case():
    result = quote_vs_excerpt("why can't we shoot them down? Is it defense? Yes.", NYT_EXCERPT)
    assert result["verbatim"]
    assert ops(result["quote"], "delete") == [] and ops(result["excerpt"], "insert") == []
    assert ops(result["excerpt"], "context")[-1].endswith("pilots? No.")  # the rest of the passage: context


def test_changed_and_missing_words_are_marked_on_both_sides():
    result = quote_vs_excerpt("Why can't we shoot all of them down? Is it an attack on Moscow?", NYT_EXCERPT)
    assert not result["verbatim"]
    assert ops(result["quote"], "delete") == ["all of", "Moscow?"]
    assert "Is it defense? Yes." in ops(result["excerpt"], "insert")  # inside the passage, left out of the quote


def test_partial_quote_inside_a_paraphrase():
    result = quote_vs_excerpt("duty", SIKORSKI_EXCERPT)
    assert result["verbatim"] and ops(result["excerpt"], "equal") == ['"duty"']


def test_empty_excerpt_is_not_verbatim():
    assert not quote_vs_excerpt("Something.", "")["verbatim"]


def test_word_diff_is_exact_for_versions():
    assert word_diff("in the sky over Ukrane.", "in the sky over Ukraine.") == [
        ("equal", "in the sky over"), ("delete", "Ukrane."), ("insert", "Ukraine.")]
    assert word_diff("Yes.", "yes.") == [("delete", "Yes."), ("insert", "yes.")]  # a correction of case counts


@pytest.mark.django_db
def test_version_changes_show_names_not_ids():
    old_speaker, new_speaker = make_speaker("Radek Sikorski"), make_speaker("Radosław Sikorski")
    topic = make_topic("Air defense")
    old = {"speaker_id": old_speaker.pk, "topic_ids": [], "said_on": "2024-09-01", "sources": [{"url": "https://a"}]}
    new = {"speaker_id": new_speaker.pk, "topic_ids": [topic.pk], "said_on": "2024-09-01",
           "sources": [{"url": "https://b"}, {"citation": "Print edition, p. 3"}]}
    rows = {row["label"]: row for row in content_changes(old, new, Names(old, new))}
    assert (rows["speaker"]["old"], rows["speaker"]["new"]) == ("Radek Sikorski", "Radosław Sikorski")
    assert rows["topics"]["new"] == "Air defense"
    assert (rows["Source 1: URL"]["old"], rows["Source 1: URL"]["new"]) == ("https://a", "https://b")
    assert rows["Source 2 added"]["new"] == "Print edition, p. 3"
    assert "date said" not in rows
