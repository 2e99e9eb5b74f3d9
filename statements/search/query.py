"""What the reader typed, understood once for every backend, and the highlighting of matched words.

The syntax is deliberately small: words (all must appear, in any order), "quoted phrases"
and -excluded words or phrases. Everything else is treated as plain text, so no input can
reach a database as query syntax: the backends pass each term as a bound parameter and let
the engine tokenize it exactly as it tokenized the documents.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
MAX_TERMS = 16  # per kind; a 500-character paste stays a fast query
_BROKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A chunk: -"a phrase", "a phrase", -word, word (quotes left open run to the end).
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Word characters as the engines see them: letters and digits (with their accents), not "_".
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


# Letters that are not "a letter plus an accent" in Unicode, so SQLite's unicode61 tokenizer
# keeps them, while PostgreSQL's unaccent folds them. Both backends apply this table
# (SQLite in its index SQL, via statements.search.sqlite), so "radoslaw" finds "Radosław" on both.
EXTRA_FOLDS = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ß": "ss",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "TH", "ŧ": "t", "Ŧ": "T",
}
_EXTRA = str.maketrans(EXTRA_FOLDS)


def clean_text(value):
    """Drop NUL bytes, control characters and lone surrogates; they are never part of a search."""
    if not value:
        return ""
    return _BROKEN.sub(" ", str(value))[:MAX_QUERY_CHARS]


def fold(word):
    """Case and accents folded, as both engines fold them (é -> e, Ü -> u); scripts kept."""
    if word.isascii():
        return word.lower()  # the same result for ASCII, without two normalisations: most words of a page
    decomposed = unicodedata.normalize("NFKD", word.translate(_EXTRA).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def extra_fold(text):
    """Apply EXTRA_FOLDS only (what SQLite's index does to the stored text)."""
    return text.translate(_EXTRA)


def words_of(text):
    """The folded words of `text`, in order."""
    return [fold(w) for w in _WORD.findall(text or "")]


@dataclass(frozen=True)
class Term:
    """One thing to look for: `text` goes to the engine as typed; `words` are its folded words."""

    text: str
    words: tuple

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    """A parsed search: every `required` term must match, no `excluded` one may."""

    required: tuple = ()
    excluded: tuple = ()
    ignored: tuple = field(default=(), compare=False)

    @property
    def is_empty(self):
        """Nothing to search for: the caller shows everything (with a friendly note if `ignored`)."""
        return not self.required and not self.excluded

    @property
    def highlight_words(self):
        return frozenset(w for term in self.required for w in term.words)

    def __str__(self):
        parts = [_show(t) for t in self.required] + ["-" + _show(t) for t in self.excluded]
        return " ".join(parts)


def _show(term):
    return f'"{term.text}"' if term.is_phrase or " " in term.text else term.text


def parse_query(q):
    """Parse a reader's query; never raises. Operators (AND, OR, NEAR, *, parentheses) are plain text.

    >>> parse_query('défense "shoot them down" -nato')
    """
    if isinstance(q, Query):
        return q
    required, excluded, ignored = [], [], []
    for match in _CHUNK.finditer(clean_text(q)):
        negated, quoted, bare = match.groups()
        if bare is not None:
            negated, text = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        else:
            text = quoted
        term = _term(text)
        if term is None:
            ignored.append(match.group(0))
            continue
        target = excluded if negated else required
        if term not in target:
            target.append(term)
    dropped = required[MAX_TERMS:] + excluded[MAX_TERMS:]
    ignored.extend(_show(t) for t in dropped)
    return Query(tuple(required[:MAX_TERMS]), tuple(excluded[:MAX_TERMS]), tuple(ignored))


def _term(text):
    words = tuple(words_of(text))
    if not words:
        return None
    # The engine gets the text with its inner punctuation ("3.5", "well-known"), spaces squeezed.
    return Term(" ".join(text.replace('"', " ").split()), words)


def highlight(text, query):
    """Split `text` into (matched, segment) pairs; the template wraps matched ones in <mark>.

    Segments are plain strings, still to be autoescaped: nothing here is marked safe.
    Every word of a required term is marked wherever it occurs, accents and case folded.
    """
    text = text or ""
    wanted = parse_query(query).highlight_words
    if not wanted or (text.isascii() and not _mentions(text.lower(), wanted)):
        return [(False, text)] if text else []
    segments, last = [], 0
    for match in _WORD.finditer(text):
        if fold(match.group(0)) in wanted:
            _append(segments, False, text[last : match.start()])
            _append(segments, True, match.group(0))
            last = match.end()
    _append(segments, False, text[last:])
    return segments


def _mentions(lowered, wanted):
    """Could ASCII text hold a wanted word? Each of its words folds to its lower case, a substring of
    `lowered`: most texts of a result page (translations, names) are ruled out without tokenising."""
    return any(word in lowered for word in wanted)


def _append(segments, matched, piece):
    if not piece:
        return
    if segments and segments[-1][0] == matched:
        segments[-1] = (matched, segments[-1][1] + piece)
    else:
        segments.append((matched, piece))
