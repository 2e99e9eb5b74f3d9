"""What happened to each demo statement on the desk, so the demo shows every state.

A statement not named here is written by the demo editor, checked by the demo reviewer
("as reported by a secondary source") and published. The exceptions below are each a
decision a real desk would make about that statement.
"""

import datetime

DRAFT = {
    # The Foreign Affairs article is the real source; the editor has not added it yet.
    "rferl-wesslau-4",
}

IN_REVIEW = {
    "rferl-taylor-2",
    "bd-sikorski-1",  # the article does not name the minister: the reviewer checks it was Sikorski
    "bd-estonia-adviser-1",  # speaker not named in the source
    "bd-kuusela-1",
}

RETURNED = {
    "rferl-taylor-1": (
        "Check the role before we publish: RFE/RL calls Taylor “a former U.S. ambassador to NATO”, but "
        "William B. Taylor Jr., the likely speaker, was U.S. ambassador to Ukraine. Confirm against the ABC "
        "News (Australia) interview and correct the role or the speaker."
    ),
}

REJECTED = {
    "bd-kallas-3": (
        "“Hollow” is Breaking Defense’s summary of what Kallas suggested, not her words; her own quotes from "
        "the same interview are archived."
    ),
}

RETRACTED = {
    "bd-zelenskyy-3": (
        "Breaking Defense puts “what’s the problem” in quotation marks, but none of the full quotes it prints "
        "contain these words. Until they are checked against The New York Times’ own report, we do not present "
        "them as his."
    ),
}

# Published first with an error, then corrected: a proposed revision approved by the reviewer.
CORRECTED = {
    "rferl-kirby-1": {
        "published_with": {"said_on": datetime.date(2024, 4, 13)},
        "reason": (
            "Date corrected from 13 to 15 April 2024: RFE/RL says Kirby spoke “later that same day” as "
            "Zelenskyy’s post of April 15; 13 April was the night of Iran’s attack on Israel."
        ),
    },
}

# Statements that answer an earlier one, as the article presents them (the earlier one is published first).
RELATED = {
    "rferl-nato-official-1": [("responds_to", "rferl-sikorski-1")],  # "NATO's answer to calls" like Sikorski's
    "rferl-kirby-1": [("responds_to", "rferl-zelenskyy-1")],  # asked the same day about Zelenskyy's comparison
}

VERDICTS = {
    "rferl-crowther-2": {
        "claim": "Turkey, a NATO member, shot down a Russian aircraft that violated their airspace in 2015.",
        "rating": "true",
        "summary": (
            "On 24 November 2015 Turkish F-16s shot down a Russian Su-24M bomber near the Syrian border. Turkey "
            "said the jet had entered its airspace despite repeated warnings; Russia denied that it had crossed "
            "the border, and NATO, meeting at Turkey's request the same day, said allied information was "
            "consistent with Turkey's account. The shootdown by a NATO member in 2015 is well documented; the "
            "airspace violation is Turkey's account, backed by its allies and disputed by Russia."
        ),
        "evidence": [
            {"url": "https://en.wikipedia.org/wiki/2015_Russian_Sukhoi_Su-24_shootdown",
             "title": "2015 Russian Sukhoi Su-24 shootdown (Wikipedia)"},
        ],
    },
    "rferl-nato-official-3": {
        "claim": "NATO is spending roughly 40 billion euros a year to support Ukraine militarily.",
        "rating": "mostly_true",
        "summary": (
            "The figure is NATO's own accounting: in 2024 Secretary General Jens Stoltenberg called €40 billion "
            "the annual amount allies had provided to Ukraine since the full-scale invasion, and at the "
            "Washington summit in July 2024 allies pledged “a minimum baseline funding of €40 billion within the "
            "next year”. Two caveats: the money is spent by member states, mostly bilaterally, not by NATO as an "
            "organisation; and the totals are reported by the governments themselves. We found no independent "
            "audit of the annual figure."
        ),
        "evidence": [
            {"url": "https://en.wikipedia.org/wiki/2024_Washington_summit", "title": "2024 Washington summit "
             "(Wikipedia)"},
            {"url": "https://unn.ua/en/amp/stoltenberg-on-natos-40-billion-annual-support-for-ukraine-will-provide-"
                    "more-predictability",
             "title": "UNN: Stoltenberg calls €40 billion the annual amount allies have provided so far"},
            {"url": "https://en.interfax.com.ua/news/general/999593.html",
             "title": "Interfax-Ukraine, 11 July 2024: the summit declaration's €40 billion baseline"},
        ],
    },
}


def state_of(key):
    """The desk state the story leaves a statement in (for the summary and the tests)."""
    for state, keys in (("draft", DRAFT), ("in_review", IN_REVIEW), ("needs_changes", RETURNED),
                        ("rejected", REJECTED), ("retracted", RETRACTED)):
        if key in keys:
            return state
    return "published"
