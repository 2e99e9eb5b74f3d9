"""Text keys for matching names and quotes as people mean them, not as bytes.

Sources spell one person many ways ("Zelenskyy", "Zelenskiy", "Зеленський") and
print one quote with different quote marks and dashes; these keys make those equal.
The stored text itself is never normalised: an archive keeps the words as printed.
"""

import hashlib
import re
import unicodedata

# Ukrainian/Russian to Latin, close to the BGN/PCGN and Ukrainian national systems,
# so a Cyrillic spelling meets the Latin transliterations editors type.
_CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёэыъ",
        [
            "a", "b", "v", "h", "g", "d", "e", "ye", "zh", "z", "y", "i", "yi", "y",
            "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
            "sh", "shch", "", "yu", "ya", "e", "e", "y", "",
        ],
        strict=True,
    )
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip accents and transliterate Cyrillic; keep word characters."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(_CYRILLIC.get(c, c) for c in text)


def name_key(name: str) -> str:
    """Key under which two spellings of a name are the same: 'Zelensky' == 'ZELENSKY'."""
    return " ".join(_NON_WORD.sub(" ", fold(name)).split())


def quote_key(text: str) -> str:
    """Key under which two printings of a quote are the same (case, punctuation, quote marks)."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())


def quote_hash(text: str) -> str:
    """Short fixed-size digest of quote_key, indexed for the duplicate warning."""
    return hashlib.sha1(quote_key(text).encode()).hexdigest()  # noqa: S324 (not security)
