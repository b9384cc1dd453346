"""Search terms: how article text and query words become the terms of the full-text index.

Text is split into words as SQLite's unicode61 tokenizer splits it (runs of letters and
digits), lower-cased, stemmed by the Snowball stemmer of the ARTICLE'S language (PyStemmer:
English, German, French, Spanish, Italian, Portuguese, Dutch and 25 more), and folded to
unaccented letters. The index (thaw_cli/store/index.py) stores these terms in a contentless FTS5
table, so `Verträge` and `Vertrag` are one term in a German article, and English rules never
touch it.

English is stemmed with the Snowball "english" algorithm (Porter2) plus `EN_EXCEPTIONS`, a
reviewed list of words the stemmer would join with words of another meaning (`according` is
not an `accord`, `housing` is not the White `House`).

Namespaces: terms of an English article (or one of unknown language) are bare stems; terms of
an article in another language carry a one-character prefix naming the language (a Unicode
private-use character, which unicode61 keeps inside a token and which no word a tokenizer
finds can contain), so a French stem never matches an English article's term by accident: a
query word is stemmed once per language present in the index (`query_terms`) and matches each
article under its own language's rules. Languages without a Snowball stemmer (Chinese,
Japanese, Korean, Vietnamese, ...) share one namespace of unstemmed words.

The terms an index holds depend on these rules and on PyStemmer's version (`rules`): an index
written under other rules has its terms rewritten from its stored text before anything else
is written to it (store.index.Index.check_terms), since a contentless FTS5 row can only be deleted
with the very terms it was written with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Words as unicode61 finds them: letters and digits (Python's \w without the underscore).
TOKEN = re.compile(r"[^\W_]+")
MAX_STEMMED = 40  # longer tokens (codes, run-together text) are kept as they are
CACHE_LIMIT = 200_000  # words remembered per language (a worker indexing a million articles)

# ISO 639-1 code -> PyStemmer algorithm. English and unknown languages share the bare namespace.
SNOWBALL = {
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "fi": "finnish", "ru": "russian", "tr": "turkish",
    "hu": "hungarian", "ro": "romanian", "ca": "catalan", "eu": "basque", "el": "greek",
    "ar": "arabic", "hi": "hindi", "id": "indonesian", "ga": "irish", "lt": "lithuanian",
    "ne": "nepali", "ta": "tamil", "sr": "serbian", "hy": "armenian", "cs": "czech",
    "pl": "polish", "et": "estonian", "fa": "persian", "yi": "yiddish", "eo": "esperanto",
}
# The prefix of each namespace: the order is part of the index format (append, never reorder).
_PREFIXED = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "ru", "tr", "hu", "ro",
             "ca", "eu", "el", "ar", "hi", "id", "ga", "lt", "ne", "ta", "sr", "hy", "cs", "pl",
             "et", "fa", "yi", "eo")
_PREFIX_BASE = 0xE100  # private-use characters U+E100...; U+E000/U+E001 are snippet marks
PLAIN = chr(_PREFIX_BASE - 1)  # languages without a stemmer: words lower-cased and folded only
ENGLISH = ""
_ALIASES = {"nb": "no", "nn": "no"}


def namespace(language: str | None) -> str:
    """The namespace of an article in `language` (an ISO 639-1 code, or None: unknown)."""
    if not language:
        return ENGLISH
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    code = _ALIASES.get(code, code)
    if code in ("", "en"):
        return ENGLISH
    if code in _PREFIXED:
        return chr(_PREFIX_BASE + _PREFIXED.index(code))
    return PLAIN


def language_of(ns: str) -> str | None:
    """The language code of a namespace (None: no stemmer)."""
    if ns == ENGLISH:
        return "en"
    if ns == PLAIN:
        return None
    return _PREFIXED[ord(ns) - _PREFIX_BASE]


EN_EXCEPTIONS: dict[str, str] = {
    word: stem
    for stem, words in {
        # -- the cases (Snowball already parts news/new, general/generate,
        #    community/communication, organization/organ, university/universe; tested)
        "according": "according accordance accordingly",  # "according to" is no accord
        "united": "united",  # United States/Nations/Airlines, not a company's unit
        "housing": "housing",  # housing starts, not the White House or a brokerage house
        # -- a form whose common news sense is its own (candidates of bench/stem_exceptions.py)
        "futures": "futures",  # contracts and their markets, not the time to come
        "goods": "goods",  # merchandise, not "good"
        "savings": "savings",  # savings banks and deposits, not "save"
        "securities": "securities",  # financial instruments; "security" is mostly safety
        "trading": "trading traded",  # market trading, not trade between countries
        "marketing": "marketing marketed marketer marketers",  # selling, not a market
        "marketable": "marketable",
        "rating": "rating ratings rated",  # credit ratings, not interest rates
        "planting": "planting plantings planted",  # crops, not (factory) plants
        "production": "production productions",  # output, not products
        "productivity": "productivity productive",
        "leading": "leading",  # "leading producer"; not lead (the metal, or to lead)
        "offering": "offering offerings",  # share offerings, not (takeover) offers
        "dealing": "dealing dealings",  # insider dealing; not a deal
        "national": "national nationally",  # National Westminster...; not a nation
        "federation": "federation federations",  # a body, not the federal government
        "federated": "federated",
        "interested": "interested interesting",  # not interest (rates) or interests
        "stated": "stated stating",  # said, not a state
        "generally": "generally",  # usually; not General (Motors, Electric, Secretary-...)
        "powerful": "powerful",
        "reservation": "reservation reservations",  # doubts, bookings; not reserves
        "important": "important importance",  # not imports
        "department": "department departments",  # not to depart
        "founded": "founded founding",  # not found (find)
        "personal": "personal personally",  # not a person
        "relative": "relative relatively",  # not relations
        "relation": "relation relations",  # diplomatic/labour relations, not "related"
        "arms": "arms",  # weapons, not an arm
        "authority": "authority authorities",  # not an author
        "authoriz": "authorized authorize authorizes authorization authorised authorise",
        "objective": "objective objectives",  # not an object
        "executive": "executive executives",  # not an execution
        "initiative": "initiative initiatives",  # not initial
        "positive": "positive positively",  # not a position
        "indicator": "indicator indicators",  # not indicated
        "index": "indices",  # joins index (the stemmer makes it "indic", with indicated)
        "liquidity": "liquidity",  # not liquidation
        "liquidat": "liquidation liquidations liquidate liquidated liquidating",  # not liquid
        "publication": "publication publications",  # not public
        "publicity": "publicity",
        "closely": "closely",  # not to close
        "preferred": "preferred",  # preferred shares, not to prefer
        "sharing": "sharing shared",  # not shares
        "conversation": "conversation conversations",  # not conversion
        "contraction": "contraction",  # an economy's, not a contract
        "conservation": "conservation",  # not conservative
        "container": "container containers",  # not to contain
        "utilization": "utilization utilisation",  # capacity use, not utilities
        "incoming": "incoming",  # not income
        "cooperat": "cooperation cooperative cooperatives cooperate cooperated cooperates cooperating",
        "quite": "quite",  # not quit
        "does": "does",  # not a doe (or the DOE)
        "commons": "commons",  # the House of Commons, not common
        # -- names the stemmer joins with a word (Corning Glass, Societe Generale, Buenos Aires)
        "corps": "corps", "corning": "corning", "generale": "generale", "centrale": "centrale",
        "maine": "maine", "aires": "aires", "allis": "allis", "providence": "providence",
    }.items()
    for word in words.split()
}
"""EN_EXCEPTIONS: word -> stem, overriding the English Snowball stemmer (as Lucene's
StemmerOverrideFilter does), so that a search for one word does not find articles that only
use another word of a different meaning.

How it was built: `python bench/stem_exceptions.py --raw` goes over the whole Reuters-21578
vocabulary (every word in 10+ of its 19,043 articles with a body; 1,684 stem classes of two or
more such words) and ranks each word by how much a merge would mix: the share of the class's
articles the merge adds to a search for one side, times how untypical those articles are of
that side's topic (their projection on the direction of half of the side's own articles,
relative to the other half's). The top candidates were read one by one, with every pair's
figure for their classes. A word was split off when (1) its usual sense in news is not the
sense of the rest of its class (according/accord, housing/house, futures/future,
rating/rate, trading/trade, production/product), or (2) it is a name the stemmer joins with a
word (Corning/corn, Societe Generale/general); NOT when the split is only grammar, or the two
senses mix in news anyway (stocks as shares or inventories, shipping/ships, banks/banking),
or the class is rare. Some cases the measure ranks lower than a reader would
(important/import, department/depart) were taken from the review of the same classes.
Each group maps to one stem that no other English word stems to (tested); `indices` is the one
entry that JOINS a class (index), which the stemmer had put with indicated/indicators.
"""


def rules() -> str:
    """A digest of everything that decides an index's terms (the rules here, PyStemmer's version)."""
    import zlib  # (hashlib would cost every command a few ms to import)

    import Stemmer

    parts = [TOKEN.pattern, str(MAX_STEMMED), repr(sorted(SNOWBALL.items())), repr(_PREFIXED),
             str(_PREFIX_BASE), repr(sorted(EN_EXCEPTIONS.items())), "fold:latin+greek:1"]
    return f"{Stemmer.version()}:{zlib.crc32(chr(10).join(parts).encode()):08x}"


def _fold_table() -> dict[int, str]:
    """Accented Latin and Greek letters -> the letter without its accents, one character for
    one (so that offsets in folded text are offsets in the text)."""
    import unicodedata  # (only for text that is not ASCII)

    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x370, 0x400), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(bare) == 1 and bare != ch:
            table[code] = bare
    return table


_FOLD: dict[int, str] | None = None


def fold(text: str) -> str:
    """`text` without accents on Latin and Greek letters (é -> e, Ä -> A, ά -> α), same length."""
    global _FOLD
    if text.isascii():
        return text
    if _FOLD is None:
        _FOLD = _fold_table()
    return text.translate(_FOLD)


class _Stems(dict):  # type: ignore[type-arg]
    """lower-case word -> term, for one namespace, filled on first use."""

    def __init__(self, ns: str) -> None:
        super().__init__()
        self.ns = ns
        language = language_of(ns)
        self.stemmer: Any = None
        if language is not None:
            import Stemmer

            self.stemmer = Stemmer.Stemmer(SNOWBALL[language])
        self.exceptions = EN_EXCEPTIONS if ns == ENGLISH else {}

    def __missing__(self, word: str) -> str:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        stem = word
        if self.stemmer is not None and len(word) <= MAX_STEMMED and word.isalpha():
            stem = self.exceptions.get(word) or self.stemmer.stemWord(word) or word
        term = self.ns + fold(stem)
        self[word] = term
        return term


class _AsciiStems(dict):  # type: ignore[type-arg]
    """The same map keyed by the word's ASCII bytes (the fast path for ASCII text)."""

    def __init__(self, table: _Stems) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, word: bytes) -> str:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        term = self.table[word.decode("ascii")]
        self[word] = term
        return term


_STEMS: dict[str, _Stems] = {}
_ASCII_STEMS: dict[str, _AsciiStems] = {}
# ASCII text is split into words as bytes, in C: A-Z lowered, a-z and 0-9 kept, every other byte
# a space. For ASCII, `TOKEN.findall(text.lower())` gives the same words (tested), 3-4x slower.
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57) else 32
                     for c in range(256))


def stems(ns: str) -> _Stems:
    """The word -> term map of a namespace (`stems(ns)[word]`, word lower-cased)."""
    table = _STEMS.get(ns)
    if table is None:
        table = _STEMS[ns] = _Stems(ns)
    return table


def _ascii_stems(ns: str) -> _AsciiStems:
    table = _ASCII_STEMS.get(ns)
    if table is None:
        table = _ASCII_STEMS[ns] = _AsciiStems(stems(ns))
    return table


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, as the index splits it."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return TOKEN.findall(text.lower())


def count(text: str) -> int:
    """How many words `text` has (as the index splits it)."""
    if text.isascii():
        return len(text.encode("ascii").translate(_ASCII_WORDS).split())
    return len(TOKEN.findall(text))


def terms(text: str, ns: str = ENGLISH) -> list[str]:
    """The index terms of `text` in namespace `ns`, one per word, in order."""
    if text.isascii():
        return list(map(_ascii_stems(ns).__getitem__, text.encode("ascii").translate(_ASCII_WORDS).split()))
    return list(map(stems(ns).__getitem__, TOKEN.findall(text.lower())))


def indexed(text: str, ns: str = ENGLISH) -> str:
    """What the index stores for `text`: its terms, separated by spaces."""
    if text.isascii():
        return " ".join(map(_ascii_stems(ns).__getitem__, text.encode("ascii").translate(_ASCII_WORDS).split()))
    return " ".join(map(stems(ns).__getitem__, TOKEN.findall(text.lower())))


def term(word: str, ns: str = ENGLISH) -> str:
    """The index term of one word."""
    return stems(ns)[word.lower()]


def query_terms(text: str, namespaces: Iterable[str]) -> list[list[str]]:
    """The terms a query word or phrase matches: one list (a phrase when several words) per
    namespace, duplicates dropped."""
    found = TOKEN.findall(text.lower())
    out: list[list[str]] = []
    for ns in namespaces:
        table = stems(ns)
        phrase = [table[w] for w in found]
        if phrase and phrase not in out:
            out.append(phrase)
    return out


# Endings a prefix is completed with to find the stems shorter than the prefix itself
# ("negotiat*": negotiation -> "negoti"; "runn*": running -> "run").
_ENDINGS = ("e", "s", "es", "ed", "ing", "ion", "ions", "ation", "ations", "er", "ers", "y",
            "ies", "al", "ment", "ments", "ly", "ity", "ive", "ize", "ise", "en", "ung", "a",
            "o", "as", "os", "i", "ión", "ción", "ciones", "ità", "ção", "ções", "ique")


def prefix_terms(prefix: str, namespaces: Iterable[str]) -> list[tuple[str, bool]]:
    """(term, is_prefix) alternatives for the query `prefix*`: terms starting with the prefix
    (and with its stem: `happy*` -> happi*), and the stems of words starting with the prefix
    that are shorter than it (`negotiat*` -> negoti)."""
    low = prefix.lower()
    found = TOKEN.findall(low)
    if len(found) != 1:  # punctuation inside: the words of a phrase, the last one a prefix
        return []
    word = found[0]
    out: list[tuple[str, bool]] = []
    for ns in namespaces:
        table = stems(ns)
        starts = [ns + fold(word)]
        stem = table[word]
        if not stem.startswith(starts[0]):
            starts.append(stem)
        for s in starts:
            if (s, True) not in out:
                out.append((s, True))
        for ending in _ENDINGS:
            t = table[word + ending]
            if not any(t.startswith(s) for s in starts) and (t, False) not in out and len(t) > len(ns) + 2:
                out.append((t, False))
    return out
