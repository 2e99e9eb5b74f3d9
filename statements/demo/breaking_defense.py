"""Statements in the Breaking Defense article (Paris dateline, 21 May 2024) on Zelenskyy's call for NATO
nations to shoot down Russian missiles over Ukraine, transcribed by the rules in statements.demo.

The seed copy has neither the headline nor the URL, so the source is a citation without URL.
Relative dates ("this week", "last week", "earlier this month") are read against 21 May 2024.
"""

import datetime

from .reference import day, month

PUBLISHED_ON = datetime.date(2024, 5, 21)

ARTICLE = {
    "outlet": "breaking-defense",
    "url": "",
    "title": "On Zelenskyy’s call for NATO nations to shoot down Russian missiles over Ukraine",
    "citation": "Breaking Defense, Paris, 21 May 2024: report on Zelenskyy’s call for NATO nations to shoot down "
                "Russian missiles over Ukraine (headline and URL not recorded in the archived copy).",
    "published_on": PUBLISHED_ON,
}

# The Times interview was "published today" (the article's date); it was given some days before.
NYT_INTERVIEW = {
    **month(2024, 5, approximate=True), "first_reported_on": PUBLISHED_ON,
    "medium": "interview", "venue": "interview with The New York Times", "recipient": "the-new-york-times",
}
KOPRA = {
    "speaker": "jukka-kopra", "role": "chair of the Finnish parliament's defense committee",
    "first_reported_on": PUBLISHED_ON,
    "medium": "email", "venue": "email to Breaking Defense", "recipient": "breaking-defense",
}
KALLAS = {
    "speaker": "kaja-kallas", "role": "Prime Minister of Estonia", **month(2024, 5, approximate=True),
    "medium": "interview", "venue": "interview with the Financial Times", "recipient": "financial-times",
    "topics": ["troops-and-trainers", "nato"],
}
ZELENSKYY = {"speaker": "volodymyr-zelenskyy", "role": "President of Ukraine", **NYT_INTERVIEW}
NYT_ZELENSKYY_EXCERPT = (
    "“Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No,” he said. “Are you shooting "
    "down Russian planes and killing Russian pilots? No. So what’s the issue with involving NATO countries in the "
    "war? There is no such issue.”"
)
KALLAS_EXCERPT = (
    "“I can’t possibly imagine that if somebody is hurt there, then those who have sent their people will say "
    "‘It’s Article 5. Let’s … bomb Russia.’ It is not how it works,” she said. “It’s not automatic. So these "
    "fears are not well-founded.”"
)

STATEMENTS = [
    {
        "key": "bd-zelenskyy-1", **ZELENSKYY,
        "text": "Why can’t we shoot them down? Is it defense? Yes. Is it an attack on Russia? No. Are you shooting "
                "down Russian planes and killing Russian pilots? No. So what’s the issue with involving NATO "
                "countries in the war? There is no such issue.",
        "context": "On NATO nations shooting down Russian missiles over Ukraine from their own territory or "
                   "airspace.",
        "topics": ["air-defense", "nato", "drones-and-missiles"],
        "excerpt": NYT_ZELENSKYY_EXCERPT,
    },
    {
        "key": "bd-zelenskyy-2", **ZELENSKYY,
        "text": "Shoot down what’s in the sky over Ukraine. And give us the weapons to use against Russian forces on "
                "the borders.",
        "topics": ["air-defense", "nato", "russias-war-against-ukraine"],
        "excerpt": "“Shoot down what’s in the sky over Ukraine,” he added. “And give us the weapons to use against "
                   "Russian forces on the borders.”",
    },
    {
        "key": "bd-zelenskyy-3", **ZELENSKYY, "kind": "partial_quote",
        "text": "Asked “what’s the problem” with NATO nations aiding Ukraine’s air defense from within their own "
                "borders or airspace.",
        "topics": ["air-defense", "nato"],
        "excerpt": "In an interview with The New York Times, published today, an animated Zelenksyy asked “what’s "
                   "the problem” with NATO nations aiding Ukraine’s air defense from within their own borders or "
                   "airspace.",
    },
    {
        "key": "bd-zelenskyy-4", **ZELENSKYY,
        "text": "I don’t see it, except in words.",
        "context": "On foreign support troops in Ukraine: The Times reported he welcomed the idea.",
        "topics": ["troops-and-trainers"],
        "excerpt": "Zelenskyy did not appear to be holding his breath. The Times reported he welcomed the idea of "
                   # a no-break space before "But", as printed
                   "foreign support troops.\u00a0But, he said, “I don’t see it, except in words.”",
    },
    {
        "key": "bd-sikorski-1", "speaker": "radek-sikorski", "role": "Polish Foreign Minister",
        "kind": "paraphrase",
        "text": "NATO was discussing shooting down missiles that strayed too close to NATO nations.",
        **month(2024, 3),
        "context": "Breaking Defense says “in late March Poland’s foreign minister said” this, without his name or "
                   "where he said it; Radek Sikorski held the post then.",
        "topics": ["air-defense", "nato", "drones-and-missiles"],
        "excerpt": "In late March Poland’s foreign minister said NATO was discussing shooting down missiles that "
                   "strayed too close to NATO nations.",
    },
    {
        "key": "bd-kopra-1", **KOPRA, **day(2024, 5, 14),
        "text": "I would embrace the idea taking more charge of Ukrainian air defense, as someone in Germany has "
                "proposed. This could be arranged so that [for example] NATO countries would in cooperation take "
                "charge of air defense in certain areas to protect the legal Ukrainian airspace. The systems could "
                "be based in NATO area, as the range of them would reach to the Ukrainian airspace.",
        "context": "“[for example]” is Breaking Defense’s insertion.",
        "topics": ["air-defense", "nato"],
        "excerpt": "“I would embrace the idea taking more charge of Ukrainian air defense, as someone in Germany has "
                   "proposed,” he said in an email on May 14. “This could be arranged so that [for example] NATO "
                   "countries would in cooperation take charge of air defense in certain areas to protect the "
                   "legal Ukrainian airspace. The systems could be based in NATO area, as the range of them would "
                   "reach to the Ukrainian airspace.”",
    },
    {
        "key": "bd-kopra-2", **KOPRA, **month(2024, 5), "kind": "paraphrase",
        "text": "It’s an intriguing option.",
        "context": "“It” is the idea that NATO countries’ air defenses could reach into Ukraine to protect its "
                   "cities and facilities. Breaking Defense dates it “in mid-May”.",
        "topics": ["air-defense", "nato"],
        "excerpt": "In mid-May the chair of the Finnish parliament’s defense committee, Jukka Kopra, told Breaking "
                   "Defense it’s an intriguing option.",
    },
    {
        "key": "bd-kopra-3", **KOPRA, **day(2024, 5, 14), "kind": "partial_quote",
        "text": "The idea of sending in troops sounded “interesting but complicated” compared to the air defense "
                "option.",
        "context": "From the same email of May 14.",
        "topics": ["troops-and-trainers", "air-defense"],
        "excerpt": "In his email to Breaking Defense, Kopra, the Finnish lawmaker, said the idea of sending in troops "
                   "sounded “interesting but complicated” compared to the air defense option.",
    },
    {
        "key": "bd-estonia-adviser-1", "speaker": "estonia-presidential-security-adviser-unnamed",
        "role": "national security advisor to Estonia’s president", "kind": "partial_quote",
        "text": "Tallinn was “seriously” discussing the possibility.",
        **month(2024, 5, approximate=True),
        "medium": "interview", "venue": "comments to Breaking Defense", "recipient": "breaking-defense",
        "context": "The possibility of sending troops to Ukraine in rear support positions or to train Ukrainian "
                   "troops in-country. Breaking Defense adds that he later downplayed the remarks.",
        "topics": ["troops-and-trainers"],
        "excerpt": "Earlier this month the national security advisor to Estonia’s president told Breaking Defense "
                   "Tallinn was “seriously” discussing the possibility.",
    },
    {
        "key": "bd-kallas-1", **KALLAS,
        "text": "I can’t possibly imagine that if somebody is hurt there, then those who have sent their people will "
                "say ‘It’s Article 5. Let’s … bomb Russia.’ It is not how it works. It’s not automatic. So these "
                "fears are not well-founded.",
        "context": "On sending trainers to Ukraine.",
        "excerpt": KALLAS_EXCERPT,
    },
    {
        "key": "bd-kallas-2", **KALLAS,
        "text": "If you send your people to help Ukrainians … you know the country is in war and you go to a risk "
                "zone. So you take the risk.",
        "context": "On sending trainers to Ukraine.",
        "excerpt": "“If you send your people to help Ukrainians … you know the country is in war and you go to a risk "
                   "zone. So you take the risk,” she added.",
    },
    {
        "key": "bd-kallas-3", **KALLAS, "kind": "paraphrase",
        "text": "The argument against sending in trainers was hollow.",
        "excerpt": "But then this week the small nation’s prime minister, Kaja Kallas, suggested to the Financial "
                   "Times that the argument against sending in trainers was hollow.",
    },
    {
        "key": "bd-brown-1", "speaker": "charles-q-brown-jr", "role": "US Chairman of the Joint Chiefs of Staff",
        "text": "We’ll get there eventually, over time.",
        **month(2024, 5, approximate=True),
        "medium": "interview", "venue": "comments to The New York Times", "recipient": "the-new-york-times",
        "context": "On NATO trainers entering Ukraine, which Breaking Defense says he suggested was inevitable "
                   "(“last week”). The US has said it would not send American troops into Ukraine.",
        "topics": ["troops-and-trainers", "nato"],
        "excerpt": "Last week the US Chairman of the Joint Chiefs of Staff, Gen. CQ Brown, suggested that the entry "
                   "of NATO trainers into Ukraine was inevitable. “We’ll get there eventually, over time,” he told "
                   "The New York Times.",
    },
    {
        "key": "bd-kuusela-1", "speaker": "janne-kuusela",
        "role": "chief of defense policy in Finland’s Ministry of Defense", "kind": "partial_quote",
        "text": "There’s “no big appetite” for putting Finnish boots on the ground in Ukraine.",
        **month(2024, 5, approximate=True),
        "context": "Breaking Defense does not say when or to whom he said it.",
        "topics": ["troops-and-trainers"],
        "excerpt": "Similarly, the chief of defense policy in Finland’s Ministry of Defense, Janne Kuusela, said "
                   "there’s “no big appetite” for putting Finnish boots on the ground in Ukraine.",
    },
]
