"""schema.org JSON-LD on the permalink, and the 'cite this' block."""

import json

import pytest

from statements import workflow
from statements.citations import bibtex, bibtex_escape, plain_text
from statements.jsonld import script_json

from .factories import make_speaker
from .public_site import html, jsonld_of, publish, publish_verdict, seed_like

pytestmark = pytest.mark.django_db


def by_type(objects, kind):
    return [o for o in objects if o["@type"] == kind]


def test_every_statement_is_a_quotation(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    graph = jsonld_of(client.get(seed["uk"].get_absolute_url()))
    (quotation,) = by_type(graph, "Quotation")
    assert quotation["@context"] == "https://schema.org"
    assert quotation["text"] == "Збивайте те, що в небі над Україною."
    assert quotation["inLanguage"] == "uk"
    assert quotation["workTranslation"]["text"] == "Shoot down what's in the sky over Ukraine."
    assert quotation["creator"] == {
        "@type": "Person", "name": "Volodymyr Zelenskyy", "sameAs": "https://www.wikidata.org/wiki/Q3874799",
        "url": quotation["creator"]["url"],
    }
    assert quotation["dateCreated"] == "2024-05-21"
    assert quotation["url"].endswith(seed["uk"].get_absolute_url())
    assert quotation["about"] == [{"@type": "Thing", "name": "Air defense"}]
    assert not by_type(graph, "ClaimReview")


def test_month_precision_date_is_written_as_a_month(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    (quotation,) = by_type(jsonld_of(client.get(seed["sikorski"].get_absolute_url())), "Quotation")
    assert quotation["dateCreated"] == "2024-09"
    assert quotation["isBasedOn"][0]["citation"].startswith("RFE/RL")


def test_unreviewed_verdict_gives_no_claim_review(client, editor, reviewer):
    statement = publish(editor, reviewer, "Turkey shot down a Russian aircraft in 2015.")
    workflow.save_verdict(statement, actor=editor, claim="Turkey shot down a Russian jet.", rating="true",
                          summary="It did, on 24 November 2015.")
    workflow.submit_verdict(statement, actor=editor)
    response = client.get(statement.get_absolute_url())
    assert not by_type(jsonld_of(response), "ClaimReview")
    assert "Turkey shot down a Russian jet." not in html(response)


def test_published_verdict_is_a_claim_review(client, editor, reviewer):
    statement = publish(editor, reviewer, "Turkey shot down a Russian aircraft in 2015.")
    verdict = publish_verdict(statement, editor, reviewer, rating="false", claim="NATO never shot down a jet.")
    (review,) = by_type(jsonld_of(client.get(statement.get_absolute_url())), "ClaimReview")
    assert review["claimReviewed"] == "NATO never shot down a jet."
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False",
    }
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] == "Person" and claim["author"]["name"] == statement.speaker.name
    assert claim["appearance"][0]["url"].startswith("https://breakingdefense.example/")
    assert claim["firstAppearance"]["datePublished"] == "2024-05-21"
    assert review["author"] == {"@type": "Organization", "name": "The Statement Archive",
                                "url": review["author"]["url"]}
    assert review["datePublished"] == verdict.published_at.date().isoformat()
    assert review["url"].endswith(statement.get_absolute_url())


def test_anonymous_source_is_its_organization(client, editor, reviewer):
    official = make_speaker("A NATO official", anonymous=True, affiliation="NATO")
    statement = publish(editor, reviewer, "We do not comment on hypotheticals.", speaker=official)
    publish_verdict(statement, editor, reviewer, rating="unproven")
    graph = jsonld_of(client.get(statement.get_absolute_url()))
    (review,) = by_type(graph, "ClaimReview")
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "NATO"}
    assert review["reviewRating"]["alternateName"] == "Unproven"
    assert "ratingValue" not in review["reviewRating"]  # no place on the 1-5 scale


def test_script_breaking_text_is_escaped_and_round_trips(client, editor, reviewer):
    text = "</script><script>alert(1)</script> & <!-- done"
    statement = publish(editor, reviewer, text)
    page = html(client.get(statement.get_absolute_url()))
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)[0]["text"] == text
    assert str(script_json({"a": "<&>"})) == '{"a": "\\u003C\\u0026\\u003E"}'


def test_cite_this_plain_text_and_bibtex(client, editor, reviewer):
    statement = publish(editor, reviewer, "Costs rose 40% & more_than {expected}.",
                        speaker=make_speaker("Kaja Kallas", slug="kaja-kallas"), speaker_role="Prime Minister")
    line = plain_text(statement)
    assert line.startswith("Kaja Kallas (Prime Minister), “Costs rose 40% & more_than {expected}.”")
    assert "Interview, interview with The New York Times, 20 May 2024." in line
    assert statement.get_absolute_url() in line and statement.content_hash[:12] in line
    entry = bibtex(statement)
    assert entry.startswith(f"@misc{{statement-archive-{statement.pk},")
    assert r"title = {Costs rose 40\% \& more\_than \{expected\}.}" in entry
    assert "author = {{Kaja Kallas}}" in entry and "month = may" in entry and "year = {2024}" in entry
    assert bibtex_escape("a\\b^c~") == r"a\textbackslash{}b\^{}c\~{}"
    page = html(client.get(statement.get_absolute_url()))
    assert "@misc{statement-archive-" in page and "Cite this" in page
