"""Helpers for the public-site tests: build published statements through the real workflow, read pages."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

from statements import workflow
from statements.models import Outlet

from .factories import make_published, make_speaker, make_topic

ATOM = "{http://www.w3.org/2005/Atom}"
_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def publish(editor, reviewer, text, speaker=None, **fields):
    """One published statement with `text`, through the workflow (create, submit, approve)."""
    return make_published(editor, reviewer, text=text, speaker=speaker or make_speaker(), **fields)


def publish_series(editor, reviewer, count, speaker=None, start=datetime.date(2024, 1, 1), **fields):
    """`count` published statements by one speaker, a day apart, oldest first."""
    speaker = speaker or make_speaker("Radosław Sikorski", aliases=["Radek Sikorski"], slug="sikorski-series")
    return [
        publish(editor, reviewer, f"Statement number {i} about air defence.", speaker=speaker,
                said_on=start + datetime.timedelta(days=i), **fields)
        for i in range(count)
    ]


def publish_verdict(statement, editor, reviewer, rating="false", claim="Turkey shot down a Russian aircraft."):
    workflow.save_verdict(
        statement, actor=editor, claim=claim, rating=rating, summary="Checked against the record.",
        evidence=[{"url": "https://en.wikipedia.org/wiki/2015_Russian_Sukhoi_Su-24_shootdown", "title": "Su-24"}],
    )
    workflow.submit_verdict(statement, actor=editor)
    return workflow.approve_verdict(statement, actor=reviewer)


def correct(statement, editor, reviewer, comment="Fixed a typo in the quote.", **changes):
    """Propose a correction to a published statement and approve it (a public correction note)."""
    from statements.content import snapshot
    from statements.models import Statement

    statement = Statement.objects.get(pk=statement.pk)  # the current version, not the caller's copy
    data = {**snapshot(statement), **changes}
    workflow.edit_statement(statement, actor=editor, data=data, comment=comment, expected_version=statement.version)
    pending = workflow.pending_revision(statement)
    return workflow.approve_revision(statement, actor=reviewer, revision_number=pending.number)


def seed_like(editor, reviewer):
    """Statements from the two seed articles: a Ukrainian original with translation, a month-precision
    email, an approximate date, a citation-only source, and a published verdict."""
    zelenskyy = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskiy", "Zelenksyy", "Зеленський"],
                             description="President of Ukraine", country="UA", wikidata_id="Q3874799")
    kopra = make_speaker("Jukka Kopra", country="FI")
    sikorski = make_speaker("Radosław Sikorski", aliases=["Radek Sikorski"], country="PL", slug="radoslaw-sikorski")
    air = make_topic("Air defense")
    rferl = Outlet.objects.create(name="RFE/RL", slug="rferl", url="https://www.rferl.org/")
    nyt = publish(editor, reviewer, "Why can't we shoot them down? Is it defense? Yes.", speaker=zelenskyy,
                  topic_ids=[air.pk])
    uk = publish(editor, reviewer, "Збивайте те, що в небі над Україною.", speaker=zelenskyy, language="uk",
                 translation="Shoot down what's in the sky over Ukraine.", said_on=datetime.date(2024, 5, 21),
                 topic_ids=[air.pk])
    email = publish(editor, reviewer, "I would embrace the idea taking more charge of Ukrainian air defense.",
                    speaker=kopra, speaker_role="Chair of the Finnish parliament's defence committee",
                    said_on=datetime.date(2024, 5, 14), medium="email", venue="email to Breaking Defense")
    sikorski_ft = publish(
        editor, reviewer, "Poland had a duty to shoot down Russian missiles over Ukraine.", speaker=sikorski,
        speaker_role="Polish Foreign Minister", said_on=datetime.date(2024, 9, 1), said_on_precision="month",
        kind="paraphrase", venue="interview with the Financial Times", approximate=True,
        sources=[{"citation": "RFE/RL, 'Calls Grow For NATO Members To Help Ukraine Shoot Down Russian Drones'",
                  "outlet_id": rferl.pk, "title": "Calls Grow For NATO Members", "primary": False}],
    )
    return {"nyt": nyt, "uk": uk, "email": email, "sikorski": sikorski_ft, "zelenskyy": zelenskyy,
            "kopra": kopra, "sikorski_speaker": sikorski, "topic": air, "rferl": rferl}


def html(response):
    return response.content.decode()


def jsonld_of(response):
    """Every JSON-LD object on a page, parsed."""
    objects = []
    for block in _JSONLD.findall(html(response)):
        data = json.loads(block)
        objects.extend(data if isinstance(data, list) else [data])
    return objects


def atom(response):
    """(feed element, [entry elements]) of an Atom response, parsed with the standard library."""
    root = ET.fromstring(response.content)  # noqa: S314  (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def entry_links(entries):
    return [e.find(f"{ATOM}link").get("href") for e in entries]

