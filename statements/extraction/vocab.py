"""Word lists the rules lean on, kept in one place so they are easy to extend."""

import re


def _words(text: str) -> set[str]:
    return set(text.split())


# Verbs that introduce reported speech.  Passive uses ("was asked by reporters",
# "has been declared") are excluded by the callers, not here.
_VERBS = (
    "said|says|say|told|tells|added|adds|asked|asks|argued|argues|explained|explains|countered"
    "|tweeted|wrote|writes|posted|pointed out|points out|suggested|suggests|insisted|insists"
    "|warned|warns|stated|noted|notes|stressed|emphasi[sz]ed|claimed|claims|replied|responded"
    "|continued|recalled|conceded|acknowledged|admitted|announced|urged|vowed|promised|joked"
    "|quipped|predicted|cautioned|complained|concluded|remarked|observed|commented|reiterated"
    "|maintained|contended|agreed|called(?! for)|calls(?! for)|described|referred to|dubbed"
    "|branded|labell?ed|declared|saying|adding|telling|writing|arguing|warning|insisting|according to"
)
ATTRIBUTION_VERB = re.compile(rf"\b(?:{_VERBS})\b")
PARTICIPLES = {"saying", "adding", "telling", "writing", "arguing", "warning", "insisting"}
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+$")

PRONOUNS = {"he", "she", "they", "it", "i", "we"}

# Words that make a capitalised run a title or description, not part of a name.
TITLES = _words(
    """
    president prime minister foreign defence defense secretary general gen gen. lt lt. col col. sgt
    sgt. adm adm. capt capt. maj maj. sen sen. rep rep. gov gov. mr mr. mrs mrs. ms ms. dr dr. prof
    prof. chancellor chairman chair chairwoman spokesman spokeswoman spokesperson ambassador
    director chief commander deputy vice king queen pope mayor governor senator representative
    speaker finance interior justice economy energy state national security council white house
    kremlin pentagon commission opposition leader lawmaker mp former retired acting sir lord lady
    dame judge attorney prosecutor admiral colonel lieutenant sergeant captain major marshal head
    first executive official officer conservative labour democrat democratic republican socialist
    liberal green us u.s. uk u.k. eu un nato joint chiefs staff army navy air force envoy adviser
    advisor
    """
)
NATIONALITIES = _words(
    """
    american british english scottish welsh irish french german italian spanish portuguese dutch
    belgian swiss austrian polish czech slovak hungarian romanian bulgarian greek turkish ukrainian
    russian belarusian moldovan lithuanian latvian estonian finnish swedish norwegian danish
    icelandic croatian serbian slovenian bosnian albanian georgian armenian azerbaijani kazakh
    israeli palestinian iranian iraqi syrian lebanese egyptian saudi emirati qatari chinese japanese
    korean indian pakistani afghan australian canadian mexican brazilian argentine south north
    european western eastern baltic nordic
    """
)
# Nouns that name a role; a phrase built on one is a (possibly anonymous) speaker.
ROLES = (
    "official|officials|diplomat|diplomats|spokesman|spokeswoman|spokesperson|source|sources"
    "|minister|lawmaker|legislator|adviser|advisor|aide|officer|analyst|expert|chair|chairman"
    "|chairwoman|president|leader|secretary|ambassador|envoy|commander|general|negotiator"
    "|representative|politician|executive|director|head|chief|prosecutor|mayor|governor|senator"
    "|campaigner|activist|resident|witness|soldier|economist|researcher|professor|scientist"
    "|observer|member|colonel|lieutenant"
)
ROLE_WORDS = set(ROLES.split("|"))
# Heads of phrases naming an institution: "the president's office said" is not anonymous.
ORG_HEADS = "office|ministry|government|embassy|presidency|military|police|company|agency|department|commission"

# A capitalised run containing one of these is an organisation, outlet or place.
ORG_WORDS = _words(
    """
    times news post journal herald guardian telegraph scotsman reuters afp ap bbc cnn abc nbc cbs
    fox radio tv television agency ministry department council commission parliament university
    center centre institute house party union bank fund foundation conference committee office court
    army navy forces group company corp inc ltd association affairs school academy program programme
    service services organization organisation alliance assembly senate congress kremlin pentagon
    defense gazette tribune daily monitor press media network channel federation republic kingdom
    states nations chiefs staff sea ocean east west north south street square airport station
    embassy regiment battalion brigade division command club review weekly magazine
    """
)
OUTLETS = (
    "RFE/RL",
    "Radio Free Europe/Radio Liberty",
    "Breaking Defense",
    "The New York Times",
    "New York Times",
    "Financial Times",
    "The Times",
    "ABC News",
    "The Washington Post",
    "Associated Press",
    "Reuters",
    "Politico",
    "The Guardian",
    "The Herald",
    "The Scotsman",
)
PLATFORMS = (
    "X|Twitter|Facebook|Telegram|Instagram|LinkedIn|Bluesky|Threads|TikTok|Truth Social|Weibo"
    "|VKontakte|YouTube|Mastodon"
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalised words that open a sentence or clause without being a name.
NOT_NAMES = (
    _words(
        """
    the a an in on at but and or however while when after before last earlier later this that these
    those it its his her their he she they we i if as since so yet then also asked speaking
    according perhaps meanwhile still even not no yes similarly separately instead today yesterday
    mid
    """
    )
    | {w.lower() for w in MONTHS}
    | {w.lower() for w in WEEKDAYS}
)
PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "da", "di", "du", "la", "le", "del", "dos", "ter"}
LOCATIVE = {"in", "at", "from", "near", "across", "over", "into", "inside", "outside", "around", "toward", "towards"}
