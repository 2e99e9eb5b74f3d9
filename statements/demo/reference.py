"""Speakers, outlets and topics met in the two seed articles, as plain data.

Aliases are every spelling of a name met in the texts (plus the native spelling where the
person has one). The archive matches names by key (case, accents, punctuation and Cyrillic
folded away, see statements.normalize), so two spellings with the same key are one alias:
the loader keeps the first and skips the other, and both still find the speaker.
"""

import datetime


def day(year, month, day_):
    """A date said on a known day."""
    return {"said_on": datetime.date(year, month, day_), "said_on_precision": "day", "approximate": False}


def month(year, month_, approximate=False):
    """A date known to the month ("in mid-May"); approximate for relative dates ("recently")."""
    return {"said_on": datetime.date(year, month_, 1), "said_on_precision": "month", "approximate": approximate}


def year(year_):
    """A date known to the year ("in 2015")."""
    return {"said_on": datetime.date(year_, 1, 1), "said_on_precision": "year", "approximate": False}


SPEAKERS = [
    {
        "slug": "volodymyr-zelenskyy", "name": "Volodymyr Zelenskyy", "country": "UA", "wikidata_id": "Q3874799",
        "description": "President of Ukraine since 2019.",
        # "Зеленський" folds to the same key as "Zelenskyy": listed first, it is the one kept.
        "aliases": [
            "Зеленський", "Zelenskyy", "Zelenskiy", "Zelensky", "Zelenksyy", "Zelenkyy", "Volodymyr Zelensky",
            "Volodymyr Zelenskiy", "Volodymyr Zelenkyy", "Володимир Зеленський",
        ],
    },
    {
        "slug": "radek-sikorski", "name": "Radek Sikorski", "country": "PL",
        "description": "Polish politician; foreign minister of Poland from December 2023.",
        "aliases": ["Radosław Sikorski", "Sikorski"],
    },
    {
        "slug": "nato-official-unnamed-rferl-2024", "name": "NATO official (unnamed)", "anonymous": True,
        "affiliation": "NATO",
        "description": "A NATO official who did not want to be named, quoted by RFE/RL in September 2024.",
        "aliases": [],
    },
    {
        "slug": "ben-hodges", "name": "Ben Hodges", "country": "US",
        "description": "Retired U.S. Army lieutenant general; former commander of U.S. Army forces in Europe.",
        "aliases": ["Hodges"],
    },
    {
        "slug": "alexander-crowther", "name": "Alexander Crowther", "country": "US",
        "description": "Retired U.S. Army infantry colonel; senior research fellow at the Center for European "
                       "Policy Analysis (CEPA).",
        "aliases": ["Crowther"],
    },
    {
        "slug": "fredrik-wesslau", "name": "Fredrik Wesslau", "country": "SE",
        "description": "Former Swedish diplomat; fellow at the Stockholm Center for Eastern European Studies.",
        "aliases": ["Wesslau"],
    },
    {
        "slug": "william-taylor", "name": "William Taylor", "country": "US",
        "description": "Former U.S. diplomat.",
        "aliases": ["Taylor"],
    },
    {
        "slug": "vladimir-putin", "name": "Vladimir Putin", "country": "RU", "wikidata_id": "Q7747",
        "description": "President of Russia.",
        "aliases": ["Putin", "Владимир Путин"],
    },
    {
        "slug": "john-kirby", "name": "John Kirby", "country": "US",
        "description": "Spokesman for the White House National Security Council.",
        "aliases": ["Kirby"],
    },
    {
        "slug": "jukka-kopra", "name": "Jukka Kopra", "country": "FI",
        "description": "Finnish member of parliament; chair of the parliament's defence committee in 2024.",
        "aliases": ["Kopra"],
    },
    {
        "slug": "kaja-kallas", "name": "Kaja Kallas", "country": "EE",
        "description": "Prime Minister of Estonia from 2021 to 2024.",
        "aliases": ["Kallas"],
    },
    {
        "slug": "charles-q-brown-jr", "name": "Charles Q. Brown Jr.", "country": "US",
        "description": "U.S. Air Force general; Chairman of the Joint Chiefs of Staff (2023–2025).",
        "aliases": ["CQ Brown", "Gen. CQ Brown", "C.Q. Brown"],
    },
    {
        "slug": "janne-kuusela", "name": "Janne Kuusela", "country": "FI",
        "description": "Chief of defence policy at Finland's Ministry of Defence.",
        "aliases": ["Kuusela"],
    },
    {
        # Breaking Defense gives his office, not his name: recorded as unnamed until a reviewer identifies him.
        "slug": "estonia-presidential-security-adviser-unnamed", "anonymous": True,
        "name": "National security adviser to Estonia's president (unnamed in source)",
        "affiliation": "Office of the President of Estonia", "country": "EE",
        "description": "Quoted by Breaking Defense in May 2024 without his name.",
        "aliases": [],
    },
]

OUTLETS = [
    {"slug": "rferl", "name": "RFE/RL (Radio Free Europe/Radio Liberty)", "url": "https://www.rferl.org/"},
    {"slug": "breaking-defense", "name": "Breaking Defense", "url": "https://breakingdefense.com/", "country": "US"},
    {"slug": "financial-times", "name": "Financial Times", "url": "https://www.ft.com/", "country": "GB"},
    {"slug": "the-new-york-times", "name": "The New York Times", "url": "https://www.nytimes.com/", "country": "US"},
    {"slug": "abc-news-australia", "name": "ABC News (Australia)", "url": "https://www.abc.net.au/news",
     "country": "AU"},
    {"slug": "foreign-affairs", "name": "Foreign Affairs", "url": "https://www.foreignaffairs.com/", "country": "US"},
]

TOPICS = [
    {"slug": "air-defense", "name": "Air defense"},
    {"slug": "nato", "name": "NATO"},
    {"slug": "drones-and-missiles", "name": "Drones and missiles"},
    {"slug": "russias-war-against-ukraine", "name": "Russia's war against Ukraine"},
    {"slug": "troops-and-trainers", "name": "Troops and trainers for Ukraine"},
    {"slug": "airspace-violations", "name": "Airspace violations"},
    {"slug": "military-aid", "name": "Military aid to Ukraine"},
]
