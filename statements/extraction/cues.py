"""Where a statement was made: the medium and the venue, from words outside the quote.

Rules are tried most specific first, so "told reporters on a conference call"
is a press conference, not remarks, and "interview with LRT Radio" an
interview, not a broadcast.  The venue is the printed phrase that names it.
"""

import re

from .vocab import OUTLETS, PLATFORMS

_STOP = (
    r"(?=,|;|\.\s|\.$|$|\s(?:on|last|earlier|this|that|late|early|published|when|about|after|before"
    r"|yesterday|today|recently)\b)"
)
_CAPS = r"(?:the )?(?:[A-Z][\w’'./-]*|\d\w*)(?:(?: of| for| de| the)? (?:[A-Z][\w’'./-]*|\d\w*))*"
_OUTLET = rf"(?:[A-Z][\w’'.-]*[’']s )?(?:{'|'.join(re.escape(o) for o in OUTLETS)}|{_CAPS})"
_ADJ = r"(?:(?!(?:a|an|the|his|her|its|their|at|to|in)\b)[a-z-]+ ){0,2}"
_AUDIENCE = (
    "audience|conference|summit|forum|rally|parliament|lawmakers|MPs|legislators|delegates|crowd|assembly"
    "|congress|meeting"
)
_WRITING = "opinion piece|op-ed|column|essay|editorial|article|blog post|commentary"

# (medium, pattern, fixed venue or None to take the pattern's "venue" group), most specific first.
_RULES = [
    ("social_media_post", r"\btweet(?:ed|s|ing)?\b", "X (Twitter)"),
    (
        "social_media_post",
        rf"\b(?:post(?:ed|ing)?|wrote|writing|said|message|video|statement)\b[^.;]{{0,30}}?"
        rf"\b(?:on|to) (?P<venue>{PLATFORMS})\b",
        None,
    ),
    ("email", r"\be-?mail(?:ed)?\b(?: to (?P<venue>this \w+|" + _OUTLET + "))?", None),
    (
        "written_statement",
        r"\b(?:(?:in|issued|released) an? (?:written |joint |short )?statement|written statement)\b",
        None,
    ),
    ("article", rf"\b(?P<venue>(?:{_WRITING})(?: (?:for|in) {_OUTLET})?)", None),
    (
        "press_conference",
        rf"\b(?P<venue>{_ADJ}(?:(?:press|news) conference|briefing|conference call|press point)"
        rf"(?: (?:in|at) {_CAPS})?)",
        None,
    ),
    ("speech", rf"\b(?P<venue>(?:speech|address|keynote) (?:to|at) {_CAPS})", None),
    (
        "speech",
        rf"\b(?:told|addressing|addressed|spoke at|speaking at) (?:the |an? )?"
        rf"(?P<venue>{_ADJ}(?:{_AUDIENCE})(?: (?:in|at|of) {_CAPS})?)",
        None,
    ),
    ("speech", r"\b(?:in|during) (?:a|an|his|her) (?:[\w-]+ )?(?:speech|address)\b", None),
    ("interview", r"\b(?P<venue>" + _ADJ + r"interview(?: with [^,;]*)?)", None),
    (
        "broadcast",
        r"\b(?:told|on|speaking to|said on) (?P<venue>[A-Z][^,;]{0,60}? (?:programme|program|show|podcast))\b",
        None,
    ),
    ("broadcast", r"\b(?:on air|on television|on the radio|televised)\b", None),
    (
        "remarks",
        rf"\b(?:told|telling|asked by|speaking to|speaking with|talking to) (?:the )?"
        rf"(?P<venue>(?:reporters|journalists|the press|the media)(?: (?:in|at) {_CAPS})?)",
        None,
    ),
    (
        "remarks",
        r"\b(?:at|during|before) (?:an? |the |\w+[’']s )?"
        r"(?P<venue>(?:[A-Z][\w-]* |congressional |committee |parliamentary )*hearing)\b",
        None,
    ),
    ("remarks", rf"\b(?P<venue>comments (?:to|made to) {_OUTLET})", None),
    ("remarks", r"\bremarks\b", None),
    (
        "interview",
        rf"\b(?:told|telling|speaking to|spoke to|talking to|suggested to|explained to|said to) (?P<venue>{_OUTLET})",
        None,
    ),
]
_FILEABLE = re.compile(r"[A-Z\d]|^this |interview|conference|briefing|reporters|journalists|hearing")
_COMPILED = [(medium, re.compile(rule), venue) for medium, rule, venue in _RULES]
_TOLD_OUTLET = re.compile(rf"\b(?:told|telling) (?P<venue>{_OUTLET})")
_TO_OUTLET = re.compile(rf"\bto (?P<venue>{_OUTLET})")


def find_medium(text: str) -> tuple[str, str]:
    """(medium, venue) named in text, or ("", "") when nothing says how it was said."""
    for medium, rule, fixed in _COMPILED:
        match = rule.search(text)
        if not match:
            continue
        venue = fixed or _venue(match, text)
        return medium, _tidy(_with_outlet(medium, venue, text))
    return "", ""


def _venue(match, text: str) -> str:
    if "venue" not in match.groupdict() or not match.group("venue"):
        return ""
    venue = _cut(match.group("venue"))
    # "the audience" or "lawmakers" alone says nothing the desk can file.
    return venue if _FILEABLE.search(venue) else ""


def _cut(venue: str) -> str:
    """Trim a venue at the first word that starts the rest of the sentence."""
    cut = re.search(_STOP, venue)
    venue = venue[: cut.start()] if cut else venue
    for outlet in OUTLETS:  # "Breaking Defense Tallinn" -> "Breaking Defense"
        position = venue.find(outlet)
        if position >= 0:
            return venue[: position + len(outlet)]
    return venue


def _with_outlet(medium: str, venue: str, text: str) -> str:
    """An email or statement 'to RFE/RL' names the outlet in another part of the clause."""
    if medium not in ("email", "written_statement", "interview"):
        return venue
    if medium == "interview" and venue != "interview":
        return venue
    outlet = _TOLD_OUTLET.search(text) or _TO_OUTLET.search(text)
    noun = {"email": "email", "written_statement": "written statement", "interview": "interview"}[medium]
    if venue.startswith("this "):
        return f"{noun} to {venue}"
    if outlet and not venue.startswith(noun + " to"):
        preposition = "with" if medium == "interview" else "to"
        return f"{noun} {preposition} {_cut(outlet.group('venue'))}"
    return venue or noun


def _tidy(venue: str) -> str:
    venue = venue.strip(" ,.;")
    return venue[4:] if venue.lower().startswith("the ") and venue[4:5].islower() else venue
