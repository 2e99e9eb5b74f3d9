"""Words and names for the synthetic corpus: a fixed vocabulary, ranked for a Zipf distribution.

The vocabulary does not depend on the corpus seed, so the benchmark's "rare word" and
"common word" are the same words in every corpus: real English words at the top ranks
(function words first, then the nouns and verbs of political speech) and ~30,000
pronounceable made-up words in the long tail, as in any large text collection.
"""

import array
import bisect
import itertools
import random

VOCABULARY_SIZE = 30_000


def split_words(text):
    """A word list written as one string, to keep the lists below readable."""
    return tuple(text.split())


FUNCTION_WORDS = split_words(
    "the of and to a in that is we it not for this will be are with have on our they as was but "
    "at by you what from all there can has an or their if would about more do so one people who "
    "my been no which when i us than them its were out also very just had should any these must "
    "now because how only like other new some them could even over after into make many those "
    "most well every why here where still against today year years time never before very much"
)

CONTENT_WORDS = split_words(
    "government war peace economy president country minister security support nation law "
    "election police budget energy prices health reform border army europe freedom tax taxes "
    "jobs workers families children schools hospitals climate oil gas trade sanctions russia "
    "ukraine china america nato union parliament court justice corruption democracy vote "
    "voters campaign opposition party coalition treaty alliance weapons missiles defense "
    "attack ceasefire negotiations agreement crisis inflation growth debt banks markets "
    "investment industry farmers food water housing rent wages pensions migration refugees "
    "rights women media truth lies evidence report numbers percent billion million dollars "
    "euros history future generation responsibility decision policy strategy plan promise "
    "victory defeat enemy ally partners neighbours region city capital province village "
    "citizens public private sector companies technology internet data privacy science "
    "vaccine pandemic virus doctors nurses teachers students university research innovation "
    "infrastructure roads railways airports ports ships grain exports imports tariffs "
    "currency interest rates recession unemployment poverty welfare benefits insurance "
    "constitution referendum sovereignty independence occupation territory frontline troops "
    "soldiers veterans sacrifice courage heroes memory justice accountability investigation "
    "prosecutor judges verdict sentence prison crime terrorism extremism violence protest "
    "strike unions dialogue diplomacy summit meeting talks delegation embassy ambassador"
)

_ONSETS = split_words(
    "b br c ch cl cr d dr f fl fr g gl gr h j k kl kr l m n p pl pr qu r s sh sk sl sp st str t th tr v w z"
)
_VOWELS = split_words("a e i o u ai ea ee ie io oa ou")
_CODAS = split_words("b ck d ff g k l ll m n nd ng nk nt p r rd rk rn rt s sh ss st t th x z")


def _pseudo_words(count, taken, seed=20_240_520):
    """Pronounceable made-up words ("brelanto"), unique and distinct from the real ones."""
    rng = random.Random(seed)
    words = []
    seen = set(taken)
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 3, 4))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables - 1))
        word += rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _ranked_words():
    """Function words on top, content words interleaved from rank 13, made-up words in the tail."""
    function = list(dict.fromkeys(FUNCTION_WORDS))
    content = list(dict.fromkeys(w for w in CONTENT_WORDS if w not in function))
    head = function[:12]
    rest = function[12:]
    mixed = [w for pair in itertools.zip_longest(content, rest) for w in pair if w]
    ranked = head + mixed
    return ranked + _pseudo_words(VOCABULARY_SIZE - len(ranked), ranked)


WORDS = _ranked_words()


class Zipf:
    """Draw items with probability proportional to 1 / rank**exponent (bisect over cumulative weights)."""

    def __init__(self, items, exponent=1.0):
        self.items = list(items)
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / rank**exponent
            self.cumulative.append(total)
        self.total = total

    def draw(self, rng, k=1):
        items, cumulative, total, hi = self.items, self.cumulative, self.total, len(self.items) - 1
        return [items[bisect.bisect(cumulative, rng.random() * total, 0, hi)] for _ in range(k)]

    def one(self, rng):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total, 0, len(self.items) - 1)]


class QuantileTable:
    """A fast approximate sampler: 2**20 slots filled in proportion to the weights.

    One random 32-bit number per draw and a list lookup, ~4x faster than bisecting; words
    rarer than one slot (p < 1e-6) are rounded to one slot, which keeps every word drawable.
    """

    BITS = 20

    def __init__(self, zipf):
        size = 1 << self.BITS
        self.table = []
        previous = 0.0
        for item, cumulative in zip(zipf.items, zipf.cumulative, strict=True):
            slots = max(1, round((cumulative - previous) / zipf.total * size))
            self.table.extend([item] * slots)
            previous = cumulative
        self.size = len(self.table)

    def draw(self, rng, k):
        table, size = self.table, self.size
        return [table[x % size] for x in array.array("I", rng.randbytes(4 * k))]


WORD_ZIPF = Zipf(WORDS, exponent=1.0)
WORD_TABLE = QuantileTable(WORD_ZIPF)

FIRST_NAMES = split_words(
    "Anna Maria Olena Iryna Katarzyna Sophie Claire Ursula Giorgia Ewa Ingrid Maja Elena Laura Sara "
    "Hanna Yulia Natalia Agnieszka Marta Ines Lucia Chiara Emma Julia Nadia Amira Leila Aiko Mei "
    "Volodymyr Dmytro Andrii Oleksandr Petro Viktor Jan Piotr Radoslaw Donald Emmanuel Olaf Jens "
    "Mark Pedro Antonio Giorgio Mario Luis Carlos Jose Jose Francois Pierre Michel Hans Klaus Karl "
    "Lars Erik Mikko Sanna Kaja Gitanas Edgars Krisjanis Zoran Aleksandar Milos Recep Kemal Ahmed "
    "Omar Yusuf Rishi Narendra Shinzo Fumio Xi Li Joe Kamala Antony Lloyd Boris Keir Nicola Rachel"
)

LAST_NAMES = split_words(
    "Kowalski Nowak Wisniewski Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boyko "
    "Koval Oliynyk Lysenko Moroz Marchenko Petrenko Schmidt Muller Schneider Fischer Weber Becker "
    "Wagner Hoffmann Martin Bernard Dubois Durand Lefebvre Moreau Laurent Rossi Russo Ferrari "
    "Esposito Bianchi Romano Garcia Fernandez Gonzalez Rodriguez Lopez Martinez Sanchez Perez "
    "Johansson Andersson Karlsson Nilsson Virtanen Korhonen Nieminen Jansen Visser Smit Peeters "
    "Novak Horvat Kovac Popescu Ionescu Petrov Ivanov Georgiev Dimitrov Nagy Toth Szabo Horvath "
    "Yilmaz Kaya Demir Sahin Celik Ozturk Smith Johnson Williams Brown Jones Miller Davis Wilson "
    "Anderson Taylor Thomas Moore Jackson White Harris Clark Lewis Walker Young King Wright Scott "
    "Tanaka Suzuki Watanabe Takahashi Wang Zhang Liu Chen Yang Kumar Sharma Singh Patel Gupta "
    "Zelenskyy Kuleba Sikorski Stoltenberg Rutte Scholz Macron Draghi Sanchez Costa Kallas Marin"
)

ACCENTED = {"Jose": "José", "Francois": "François", "Radoslaw": "Radosław", "Wisniewski": "Wiśniewski",
            "Muller": "Müller", "Yilmaz": "Yılmaz", "Sahin": "Şahin", "Celik": "Çelik", "Ozturk": "Öztürk",
            "Toth": "Tóth", "Szabo": "Szabó", "Kovac": "Kovač", "Krisjanis": "Krišjānis"}

CYRILLIC = {"a": "а", "b": "б", "v": "в", "h": "г", "g": "ґ", "d": "д", "e": "е", "z": "з", "y": "и",
            "i": "і", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
            "t": "т", "u": "у", "f": "ф", "c": "ц"}
