"""schema.org JSON-LD for a statement page: a Quotation always, a ClaimReview once a verdict is published.

Google's ClaimReview guidelines: https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

# Inside <script>, only "</script" or "<!--" could end the data early; escaping <, > and &
# as JSON unicode escapes keeps the value identical for a JSON parser (as Django's json_script does).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data):
    """JSON text safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308  (every <, > and & is escaped above)


def absolute(path):
    return settings.SITE_URL + path


def _iso_at_precision(statement):
    from .templatetags.archive_tags import machine_date

    return machine_date(statement.said_on, statement.said_on_precision)


def person(speaker):
    """The speaker as a Person, or for an anonymous source the Organization it speaks for, if given."""
    if speaker.anonymous and speaker.affiliation:
        return {"@type": "Organization", "name": speaker.affiliation}
    data = {"@type": "Person", "name": speaker.name, "url": absolute(speaker.get_absolute_url())}
    if speaker.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return data


def creative_work(source):
    """A source as a CreativeWork: where the words appeared."""
    work = {"@type": "CreativeWork"}
    if source.url:
        work["url"] = source.url
    if source.title or source.citation:
        work["name"] = source.title or source.citation
    if source.citation:
        work["citation"] = source.citation
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet.name}
    if source.archive_url:
        work["archivedAt"] = source.archive_url
    return work


def archive_organization():
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}


def quotation(statement, sources):
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "url": absolute(statement.get_absolute_url()),
        "text": statement.text,
        "inLanguage": statement.language,
        "creator": person(statement.speaker),
        "dateCreated": _iso_at_precision(statement),
        "isBasedOn": [creative_work(s) for s in sources],
        "about": [{"@type": "Thing", "name": t.name} for t in statement.topics.all()],
        "publisher": archive_organization(),
    }
    if statement.translation:
        data["workTranslation"] = {"@type": "Quotation", "text": statement.translation, "inLanguage": "en"}
    return data


def first_appearance(sources):
    """The earliest dated source; undated sources count after dated ones, in their listed order."""
    dated = sorted((s for s in sources if s.published_on), key=lambda s: s.published_on)
    return (dated or list(sources) or [None])[0]


def claim_review(statement, verdict, sources):
    rating = {"@type": "Rating", "bestRating": 5, "worstRating": 1, "alternateName": verdict.get_rating_display()}
    if verdict.rating_value >= 1:  # "unproven" has no place on the numeric scale: name only
        rating["ratingValue"] = verdict.rating_value
    claim = {
        "@type": "Claim",
        "author": person(statement.speaker),
        "datePublished": _iso_at_precision(statement),
        "appearance": [creative_work(s) for s in sources],
    }
    first = first_appearance(sources)
    if first is not None:
        claim["firstAppearance"] = creative_work(first)
    published = verdict.published_at or statement.published_at
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(statement.get_absolute_url()),
        "claimReviewed": verdict.claim,
        "reviewBody": verdict.summary,
        "reviewRating": rating,
        "itemReviewed": claim,
        "author": archive_organization(),
        "datePublished": published.date().isoformat() if published else None,
    }


def statement_graph(statement):
    """Every JSON-LD object for the page; the ClaimReview only if the verdict is published."""
    sources = list(statement.sources.all())
    graph = [quotation(statement, sources)]
    verdict = statement.public_verdict
    # A retracted statement keeps its page but the archive no longer stands behind a review of it.
    if verdict is not None and statement.status == "published":
        graph.append(claim_review(statement, verdict, sources))
    return graph
