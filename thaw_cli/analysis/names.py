"""The name grammar: which capitalised spans of a sentence name a person, organisation,
place or group, cut where a reader would cut them.

Pure text in, `Name` records out (no model files beyond a word list, no I/O at import).
Shared by `thaw agreements` (its parties) and `thaw entities`:

- a name is a run of capitalised words (mixed case counts: "CHAdeMO", "eBay", "E.F.
  Hutton"), joined by "of", "for", "de", "von", ..., by "and"/"&" when what follows ends
  with an organisation word ("Central Bank and Trust Co", "Goldman Sachs and Co"), hyphens
  ("Georgia-Pacific") and initials; a Reuters `<Company Name>` is an organisation and a
  `<TICKER>` symbol is nothing;
- a possessive ends a name ("Lonrho Plc's Metropole Casino Division": Lonrho Plc) unless a
  one-word owner heads an organisation name ("Hudson's Bay Co");
- never a name: a dateline city in capitals ("VANCOUVER, British Columbia, March 3 -"), a
  function word, a number word, a common word capitalised because it opens a sentence or
  follows a capitalised word ("Asked", "Delegates", "Securities", "Firms": the words news
  copy writes in lower case, `common_words.json`, built by bench/build_common_words.py),
  modifiers ("Paris-based", "State-owned", "Fellow");
- titles are split off: "Bank of Japan Governor Satoshi Sumita" is the person Satoshi
  Sumita with role "Governor" speaking for the organisation "Bank of Japan"; "West German
  Finance Minister Gerhard Stoltenberg" speaks for West Germany;
- "U.S." keeps its full stop.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from thaw_cli.analysis.gazetteer import (
    COUNTRIES,
    PERSON_TITLES,
    canonical_body,
    canonical_country,
    is_org_suffix,
)

__all__ = [
    "Name",
    "blank_dateline",
    "dateline_end",
    "display_name",
    "find_names",
    "is_common_word",
    "is_function_word",
    "is_verb_word",
    "name_kind",
]


@dataclass(slots=True)
class Name:
    text: str  # as the article writes it, cut to the name
    start: int  # offsets of `text`'s span in the sentence
    end: int
    kind: str  # org | body | country | demonym | person | name
    role: str | None = None  # a person's title ("Prime Minister")
    country: str | None = None  # canonical country of a place, demonym or qualifier
    org: str | None = None  # the organisation or country a titled person speaks for
    opener: bool = False  # the span opened its sentence


# ----------------------------------------------------------------------------- words

_COMMON: frozenset[str] | None = None
_VERBS: frozenset[str] = frozenset()


def _common() -> frozenset[str]:
    global _COMMON, _VERBS
    if _COMMON is None:
        path = Path(__file__).with_name("common_words.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        _VERBS = frozenset(data.get("verbs", ()))
        _COMMON = frozenset(data["words"])
    return _COMMON


def is_verb_word(word: str) -> bool:
    """A lower-case word news copy uses as a verb more than as a noun ("sign", "agree",
    "buy"; not "plan", "workers"), from the shipped word statistics."""
    _common()
    return word in _VERBS


# Closed classes: never a name on their own, stripped from the front of a span.
_FUNCTION = frozenset("""
a about above according across after afterwards again against ago all almost alone along
already also although always among amongst an and another any anybody anyone anything
apart are around as asked at away back be because been before beforehand behind being
below beside besides between beyond both but by can cannot certainly could did do does
doing done down due during each earlier either else elsewhere enough especially even ever
every everybody everyone everything except few following for former formerly from further
furthermore had has have having he hence her here hers herself him himself his how however
i if in including indeed instead into is it its itself just last later latter least less
like many may me meanwhile might more moreover most mostly much must my myself namely
neither never nevertheless next no nobody none nor not nothing now of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps quite
rather said same say says several shall she should similarly since so some somebody someone
something sometimes still such than that the their theirs them themselves then there
thereby therefore these they this those though through throughout thus to together too
toward towards under unless unlike until up upon us very via was we well were what
whatever when whenever where whereas whether which while who whoever whom whose why will
with within without would yet you your yours yourself yesterday today tomorrow tonight
fellow top senior leading sources officials analysts dealers traders delegates diplomats
negotiators note
zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred hundreds thousand thousands million millions billion billions dozen dozens
first second third fourth fifth sixth seventh eighth ninth tenth half
monday tuesday wednesday thursday friday saturday sunday january february march april
june july august september october november december jan feb mar apr jun jul aug sep
sept oct nov dec mln bln dlrs dlr pct cts reuter reuters mr mrs ms dr i'm i've i'd i'll
we're we've we'd we'll you're you've you'd you'll they're they've they'd they'll it's that's
there's here's what's let's
""".split())


# capitalised function words inside a span: a new sentence or clause starts there
_MID_BREAKS = frozenset("But The This That These Those It Its He She They We In On At For If "
                        "When While Although However Meanwhile Also".split())
# a word with a full stop that does not end a sentence: initials, abbreviations
_ABBREVIATED = re.compile(r"^(?:(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|(?:[A-Za-z]+\.){2,}|Corp\.|Inc\.|Ltd\.|"
                          r"Bros\.|Assn\.|Dept\.|Gov\.|Sen\.|Rep\.|Gen\.)$")
# function words that open organisation names ("First Boston Corp", "Second National Bank")
_NAME_OPENERS = frozenset("first second third fourth fifth united new north south east west "
                           "reuters".split())  # ("Reuters Holdings Plc")
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january
february march april june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec""".split())
_CAPS_FUNCTION = frozenset("THE A AN AND OF IN ON FOR TO NOTE BY WITH AT FROM".split())


def is_function_word(word: str) -> bool:
    """A closed-class word (article, pronoun, preposition, number, weekday, ...); in capitals
    only the commonest ("CTS", "US", "IT" are names)."""
    bare = word.strip(".")
    if len(bare) > 1 and bare.isupper():
        return bare in _CAPS_FUNCTION
    return bare.lower() in _FUNCTION


def is_common_word(word: str) -> bool:
    """A word news copy writes in lower case (or a function word): capitalised, it is no name
    by itself. Countries, demonyms and bodies are never common."""
    low = word.lower().strip(".")
    if is_function_word(word):
        return True
    if low not in _common():
        return False
    return not (canonical_country(word) or canonical_body(word))


# ----------------------------------------------------------------------------- datelines

# "VANCOUVER, British Columbia, March 3 - ", "NEW YORK, FEb 26 -- ", "WASHINGTON - ",
# "FORT WORTH, Texas, - ", "WASHINGTON, D.C. March 18 - "
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'&/]*(?:[ -][A-Z][A-Z.'&/]*)*"  # the city, in capitals
    r"(?:\s*,\s*(?:the\s+)?[A-Z][\w.'&]*(?:\s+[A-Z][\w.'&]*)*)*"  # ", British Columbia", ", Calif."
    r"(?:\s*,?\s*[A-Za-z]{3,9}\.?,?\s+\d{1,2})?"  # ", March 3"
    r"\s*,?\s+-{1,2}\s+"
)


def dateline_end(text: str) -> int:
    """The end of a wire dateline opening `text` ("TOKYO, March 2 - "), else 0."""
    if not text[:1].isupper() and not text[:1].isspace():
        return 0
    m = _DATELINE.match(text)
    if not m:
        return 0
    city = text[m.start():m.end()].split(",")[0].split(" -")[0].strip()
    letters = [c for c in city if c.isalpha()]
    if len(letters) < 2 or any(c.islower() for c in letters):
        return 0
    return m.end()


def blank_dateline(text: str) -> str:
    """`text` with its dateline replaced by spaces (offsets kept)."""
    end = dateline_end(text) if " -" in text[:80] else 0
    return " " * end + text[end:] if end else text


# ----------------------------------------------------------------------------- spans

_WORD_CHARS = r"[\w&'\u2019.\-/]"
# A capitalised word: "Tokheim", "CHAdeMO", "E.F.", "U.S.", "Georgia-Pacific".
_CAP_WORD = rf"[A-Z]{_WORD_CHARS}*"
_LINK = r"(?:of|for|de|du|des|del|della|di|da|von|van|der|den|la|le|al|el|bin|y|&)"
_CAP_REST = rf"{_WORD_CHARS}*(?:\s+(?:{_LINK}\s+)?(?:the\s+)?{_CAP_WORD})*"
# A span: a <Reuters name> or capitalised words, not glued to a word before it. The pattern
# starts with the class of its first character ("<" or a capital), so `re` skips ahead to
# those; the look-behind on the character before it, and the branch, come after it
# (`(?<![\w'\u2019-])(?:<...>|[A-Z]...)` written for speed).
_SPAN = re.compile(
    rf"[<A-Z](?<![\w'\u2019-].)(?:(?<=<)[^<>]{{2,60}}>|(?<=[A-Z]){_CAP_REST})"
)
_POSSESSIVE = re.compile(r"['\u2019]s?(?=\s|$)")
_TICKER_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,9}$")
_MODIFIER = re.compile(
    r"^[A-Z][\w.'&]*-(?:based|owned|controlled|run|backed|listed|registered|held|led|"
    r"born|made|built|funded|financed|sponsored|affiliated|[a-z]+ing)$", re.I)  # "Coffee-loving"
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z'\u2019]+(?:-[A-Za-z][a-z]+)?|[A-Z]\.(?:[A-Z]\.)*|Mc[A-Z][a-z]+|"
                        r"O'[A-Z][a-z]+|de|van|von|al|bin|el)$")
_TITLES = sorted({t for t in PERSON_TITLES if t[:1].isupper()}, key=len, reverse=True)
# the head (last word) of each title: "Minister" of "Prime Minister"
_TITLE_WORDS = frozenset(t.split()[-1] for t in _TITLES if " of " not in t) - {"Leader", "General"}
_EXTRA_TITLE_HEADS = frozenset(
    """Minister Secretary Governor Chairman Chairwoman President Premier Chancellor Director
    Commissioner Ambassador Spokesman Spokeswoman Representative Undersecretary
    Under-Secretary Treasurer Counsel Officer Executive Manager Head Leader Chief
    Envoy Negotiator Senator Congressman Mayor Vice-President Vice-Chairman Attorney
    Prosecutor Judge Justice Registrar Administrator Delegate Editor Analyst Economist Lord Lady
    Sir Dame Baroness Baron""".split())
_TITLE_MODS = frozenset(
    """Deputy Vice Acting Assistant Associate Senior Chief Executive Managing General
    Former Finance Foreign Trade Defence Defense Economy Energy Oil Agriculture Industry
    Commerce Treasury Interior Justice State Labour Labor Transport Transportation Health
    Education Environment Farm Fisheries Budget Planning Petroleum Mines Mining Economic
    Industries Primary International Overseas Co-operation Cooperation First Second Prime
    Crown Attorney Secretary Minister Permanent Special Trade-Industry Financial Operating
    Information Communications Telecommunications Home Public Works Housing Development
    Natural Resources Water Science Technology Culture Sports Tourism Supply Supplies
    Coordinating Co-ordinating Senior-Vice""".split())
_ABBREVIATIONS = frozenset("Wm Cie Cia Jr Sr Bros Mt St Ste Messrs Inc Corp Ltd Co Plc".split())
_NAMEISH_BODY = re.compile(r"^(?:[A-Z][\w&'.\-]*\s+)*(?:of|for)\s", re.I)


def _word_is_title_head(w: str) -> bool:
    return w in _EXTRA_TITLE_HEADS or w in _TITLE_WORDS and w not in _TITLE_MODS


def display_name(text: str) -> str:
    """A name as it is shown: "U.S" gets its full stop back."""
    if "U.S" in text:
        text = re.sub(r"(?<![\w.])U\.S(?![\w.])", "U.S.", text)
    return text


@functools.lru_cache(maxsize=50_000)
def _is_org_head(words: tuple[str, ...]) -> bool:
    """An organisation: a suffix ends it ("Tokheim Corp") or heads an "of" phrase ("Bank of
    Japan", "Ministry of International Trade and Industry")."""
    if len(words) > 1 and any(is_org_suffix(w) for w in words[1:]):
        return True
    return len(words) > 2 and words[0] in _OF_HEADS and words[1] in ("of", "for")


# words that head an "of" organisation name ("Bank of Japan", "Ministry of Finance"); an org
# suffix like "Securities" does not ("Securities of Widget Corp rose")
_OF_HEADS = frozenset("""Bank Ministry Department Council Association Federation Union Board
Institute Organization Organisation Commission Committee Office Bureau University Government
Court Agency Authority Fund Society Foundation Congress Parliament Senate Party Corporation
Company Group Chamber League Academy College Church Republic Kingdom Confederation Consortium
Alliance Exchange Cabinet Corp Co Bancorp Bancshares Trust""".split())


def name_kind(text: str) -> str:
    """The kind of a cleaned name: body | country | demonym | org | person | name."""
    if canonical_body(text):
        return "body"
    cc = canonical_country(text)
    if cc:
        return "demonym" if _is_demonym(text, cc) else "country"
    words = tuple(text.split())
    if _is_org_head(words):
        return "org"
    return "name"  # (an acronym too: "KEPCO" is an organisation, "AI" a topic)


_DEMONYM_CACHE: dict[str, tuple[str, ...]] = {}
_COUNTRY_FORMS: set[str] = set()


def _is_demonym(text: str, country: str) -> bool:
    """"Japanese", "Britons": a demonym, not a name of the country ("U.S." is both: a name)."""
    if not _COUNTRY_FORMS:
        for c in COUNTRIES:
            for f in (c.name, *c.alt_names, *((c.capital,) if c.capital else ())):
                _COUNTRY_FORMS.add(f.lower())
        _COUNTRY_FORMS.update(("us", "u.s", "u.k", "the u.s."))
    low = text.lower()
    if low in _COUNTRY_FORMS or low.removeprefix("the ") in _COUNTRY_FORMS:
        return False
    low = low.rstrip("s")
    return any(low == d.lower() or low == d.lower().rstrip("s") for d in _demonyms(country))


def _demonyms(country: str) -> tuple[str, ...]:
    if not _DEMONYM_CACHE:
        for c in COUNTRIES:
            _DEMONYM_CACHE[c.name] = c.demonyms
    return _DEMONYM_CACHE.get(country, ())


# adverbs opening a sentence ("Additionally", "Separately"), hyphenated common words
# ("Non-callable", "Long-term")
_ADVERB = re.compile(r"(?:ally|ately|ively|ously|edly|ingly|ently|antly|arly)$")
_HYPHEN_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z][a-z]+)+")


def _clean_words(words: list[str], opener: bool, lower: Container[str]) -> list[str]:
    """Cut a span's words to the name: leading function words, modifiers, numbers and (at a
    sentence start) common words; trailing function words."""
    while words:
        w = words[0]
        bare = w.strip(".,;:")
        low = bare.lower()
        keep_calendar = (low in _CALENDAR and len(words) > 1 and words[1][:1].isupper()
                         and not canonical_country(" ".join(words[1:])) and not canonical_country(words[1])
                         and not canonical_body(" ".join(words[1:])) and not _is_org_head(tuple(words[1:])))
        if ((is_function_word(bare) and not keep_calendar
             and not (low in _NAME_OPENERS and _is_org_head(tuple(words))))
                or _MODIFIER.match(bare) or bare[:1].isdigit()
                or (bare.isupper() and len(bare) > 3 and low in _common() and len(words) > 1)):
            words = words[1:]
            opener = False
            continue
        if _ADVERB.search(low) and (opener or len(words) == 1) and not canonical_country(bare) or (
                _HYPHEN_WORD.fullmatch(bare) and all(p in _common() or is_function_word(p)
                                                     for p in low.split("-"))):
            words = words[1:]  # "Additionally, ...", "Non-callable for five years": no name
            opener = False
            continue
        if opener and len(words) > 1 and low.endswith(("ing", "ed")) and low in _common() \
                and bare not in _TITLE_MODS and not is_org_suffix(bare) \
                and (words[1] == "the" or not _is_org_head(tuple(words))):
            words = words[1:]  # "Launching the Department for ...", "Asked Widget Corp"
            if words and words[0] == "the":
                words = words[1:]
            opener = False
            continue
        if opener and len(words) > 2 and words[1] in ("of", "for") and bare not in _OF_HEADS \
                and low in _common():
            words = words[2:]  # "Securities of Widget Corp rose": Widget Corp
            opener = False
            continue
        if opener and len(words) > 1 and not _is_org_head(tuple(words)) and (
                low in lower or (low in _common() and not canonical_country(bare)
                                 and not canonical_body(bare)
                                 and not _word_is_title_head(bare) and bare not in _TITLE_MODS)):
            words = words[1:]
            opener = False
            continue
        if opener and len(words) > 1 and low in _common() and low in lower:
            words = words[1:]
            continue
        break
    while words and (words[-1].lower() in ("the", "of", "and", "for", "&", "on", "in", "at", "to",
                                           "by", "with", "a", "an", "or")
                     or len(words) > 1 and words[-1].lower().rstrip(".") in _CALENDAR):
        words = words[:-1]
    return words


@functools.lru_cache(maxsize=50_000)
def _split_title(words: tuple[str, ...]) -> tuple[int, int] | None:
    """(title start, name start) when `words` are [qualifier] title name ("Bank of Japan
    Governor Satoshi Sumita"), else None."""
    n = len(words)
    for i in range(n - 1):
        w = words[i]
        if not _word_is_title_head(w) and w not in ("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
                                                    "Dr", "Dr.", "Sen.", "Rep.", "Gen."):
            continue
        # the person's name after the title: name-shaped words
        rest = words[i + 1:]
        if rest and rest[0] in ("of", "for"):
            # "Secretary of State George Shultz", "Chancellor of the Exchequer Nigel Lawson",
            # "Minister of Trade and Industry X": the portfolio, then a two- or three-word name
            k = n - 2
            if k > i + 2 and n - 3 > i + 2 and not is_common_word(words[n - 3]) \
                    and is_common_word(words[n - 4]) and words[n - 4] not in ("of", "the", "and"):
                k = n - 3
            person = words[k:]
            portfolio = words[i + 2:k]
            if portfolio and [w for w in portfolio if w not in ("the", "and", "&")] and \
                    all(_NAME_WORD.match(x) for x in person) and \
                    not any(is_common_word(x) or _word_is_title_head(x) for x in person):
                j = i
                while j > 0 and (words[j - 1] in _TITLE_MODS or words[j - 1] in _TITLE_WORDS
                                 and not is_org_suffix(words[j - 1])):
                    j -= 1
                return j, k
            continue  # "Chairman of the Board": the caller reads it
        if not rest or not all(_NAME_WORD.match(x) or x.isupper() and len(x) <= 4 for x in rest):
            continue
        if is_org_suffix(rest[-1]) or canonical_country(" ".join(rest)) or canonical_body(" ".join(rest)):
            continue
        if any(is_function_word(x) for x in rest):
            continue
        if len(rest) == 1 and (is_common_word(rest[0]) or _word_is_title_head(rest[0])
                               or rest[0] in _TITLE_MODS):
            continue  # "Attorney General", "General Acquisition": no person
        # the title's own modifiers before it ("Finance Minister", "Executive Vice President")
        j = i
        while j > 0 and (words[j - 1] in _TITLE_MODS or words[j - 1] in _TITLE_WORDS
                         and not is_org_suffix(words[j - 1])):
            j -= 1
        return j, i + 1
    return None


_CACHE: dict[tuple[str, bool], tuple[tuple[str, int, int, str, str | None, str | None, str | None], ...]] = {}
_CACHE_MAX = 100_000


def _classify_span(raw: str, opener: bool) -> tuple[tuple[str, int, int, str, str | None, str | None, str | None], ...]:
    """The names of one span: (text, start, end offsets within `raw`, kind, role, country,
    org). Pure and cached; `lower` words of the article are applied by the caller."""
    key = (raw, opener)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    out = _CACHE[key] = tuple(_classify_uncached(raw, opener, ()))
    return out


def _word_offsets(raw: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", raw)]


def _classify_uncached(raw: str, opener: bool, lower: Container[str]) -> list[tuple[str, int, int, str, str | None, str | None, str | None]]:
    if raw.startswith("<") and raw.endswith(">"):
        inner = raw[1:-1].strip()
        if not inner or _TICKER_SYMBOL.match(inner):
            return []
        return [(inner, 1, len(raw) - 1, "org", None, None, None)]
    toks = _word_offsets(raw)
    # a trailing possessive or full stop that is not an initial's
    if toks:
        w, s, e = toks[-1]
        pm = _POSSESSIVE.search(w)
        if pm and pm.end() == len(w):
            w = w[:pm.start()]
        if w.endswith(".") and not _INITIAL.match(w) and not re.search(r"(?:^|\.)[A-Z]\.$", w) \
                and w.rstrip(".").lower() not in ("inc", "corp", "co", "ltd", "bros", "jr", "sr"):
            w = w.rstrip(".")
        elif w.endswith(".") and w.rstrip(".").lower() in ("inc", "corp", "co", "ltd"):
            w = w.rstrip(".")
        w = w.rstrip(",;:")
        toks[-1] = (w, s, s + len(w))
        if not w:
            toks.pop()
    # capitalised "And" inside a span (wire copy: "the U.S. And West Germany") splits it
    parts: list[list[tuple[str, int, int]]] = [[]]
    for t in toks:
        if t[0] in ("And", "AND", "Or") and parts[-1]:
            parts.append([])
            continue
        if parts[-1] and t[0] in _MID_BREAKS:
            parts.append([])  # "... the FT. But Rover said": a function word starts anew
            continue
        if parts[-1] and parts[-1][-1][0].endswith(".") and not _ABBREVIATED.match(parts[-1][-1][0]):
            parts.append([])  # a full stop ended a sentence the splitter kept whole
        parts[-1].append(t)
    out: list[tuple[str, int, int, str, str | None, str | None, str | None]] = []
    for k, part in enumerate(parts):
        out.extend(_classify_part(part, opener and k == 0, lower))
    return out


def _classify_part(toks: list[tuple[str, int, int]], opener: bool,
                   lower: Container[str]) -> list[tuple[str, int, int, str, str | None, str | None, str | None]]:
    if toks and toks[-1][0].endswith(".") and len(toks[-1][0]) > 2 and not _INITIAL.match(toks[-1][0]) \
            and not re.search(r"(?:^|\.)[A-Z]\.$", toks[-1][0]):
        w, a, _b = toks[-1]
        toks = [*toks[:-1], (w.rstrip("."), a, a + len(w.rstrip(".")))]  # "the FT." -> "FT"
    words = [t[0] for t in toks]
    kept = _clean_words(list(words), opener, lower)
    if not kept:
        return []
    first = len(words) - len(kept)
    # (trailing words dropped by the cleaning)
    toks = toks[first:first + len(kept)]
    words = kept
    text_of = lambda a, b: " ".join(words[a:b])  # noqa: E731
    span_of = lambda a, b: (toks[a][1], toks[b - 1][2])  # noqa: E731
    # titles: [qualifier] title person
    split = _split_title(tuple(words))
    if split is not None:
        t0, p0 = split
        person = text_of(p0, len(words))
        role = text_of(t0, p0)
        qual = text_of(0, t0) if t0 > 0 else None
        country = None
        org = None
        if qual:
            cc = canonical_country(qual) or canonical_country(qual.split()[0])
            if cc:
                country = cc
                org = None if name_kind(qual) == "demonym" else qual
                if org is None:
                    org = cc
            elif name_kind(qual) in ("org", "body") or len(qual.split()) > 1 or qual.isupper():
                org = qual
            if org and not canonical_country(org):
                # an organisation qualifier is itself a name of the sentence
                pass
        s, e = span_of(p0, len(words))
        out = [(person, s, e, "person", role, country, org)]
        if qual and org and org == qual and not canonical_country(qual):
            qs, qe = span_of(0, t0)
            out.insert(0, (qual, qs, qe, name_kind(qual) if name_kind(qual) != "name" else "org",
                           None, None, None))
        return out
    if any(_word_is_title_head(w.rstrip("s")) or _word_is_title_head(w) for w in words) and all(
            _word_is_title_head(w) or _word_is_title_head(w.rstrip("s")) or w in _TITLE_MODS
            or w in ("of", "the", "and", "&") or is_common_word(w) for w in words):
        return []  # "Deputy Prime Minister", "Assistant Secretary of Defence": a title, no name
    # "Chairman of the Board", "Minister of Energy X": an "of" title heading the span
    if _word_is_title_head(words[0]) and len(words) > 2 and words[1] in ("of", "for"):
        rest = words[2:]
        if rest and rest[0] == "the":
            rest = rest[1:]
        if rest and all(is_common_word(w) or w in ("and", "&") for w in rest):
            return []  # "Minister of Energy": a title, no name
        if rest:
            s, e = span_of(len(words) - len(rest), len(words))
            text = " ".join(rest)
            return [(text, s, e, name_kind(text) if name_kind(text) != "name" else "org",
                     None, canonical_country(text), None)]
        return []
    text = " ".join(words)
    s, e = span_of(0, len(words))
    if len(words) > 1 and not _is_org_head(tuple(words)):
        cc = canonical_country(words[0])
        rest = words[1:]
        if cc and not canonical_country(text) and not canonical_body(text):
            if all(is_common_word(w) for w in rest):
                # "U.S. Firms", "Japanese Buyers": a group of the country
                return [(text, s, e, "group", None, cc, None)]
            if len(rest) == 1 and _is_demonym(words[0], cc) and not is_common_word(rest[0]) \
                    and any(c.isupper() for c in rest[0][1:]):
                # "Japanese CHAdeMO": the country's, named CHAdeMO
                rs, re_ = span_of(1, len(words))
                return [(rest[0], rs, re_, name_kind(rest[0]), None, cc, None)]
    if len(words) == 1:
        w = words[0]
        if is_org_suffix(w) and w[:1].isupper():
            return [(w, s, e, "suffix", None, None, None)]  # joined by `_join_and`, else dropped
        if len(w) < 2 or is_common_word(w) and not w.isupper():
            return []
        if w.isupper() and w.isalpha() and len(w) > 3 and w.lower() in _common():
            return []  # "NOTE", "TRAIL": capitals of a headline or dateline
        if w.endswith("-based") or w.rstrip(".") in _ABBREVIATIONS:
            return []
        if _INITIAL.match(w) and not canonical_country(w):
            return []
    kind = name_kind(text)
    country = canonical_country(text) if kind in ("country", "demonym") else None
    return [(text, s, e, kind, None, country, None)]


def find_names(sentence: str, lower: Container[str] = (), *, dateline: bool = True) -> list[Name]:
    """The names of a sentence, in order. `lower`: words the article writes in lower case
    (an opener among them is no name: "Through", "Higher"); `dateline`: blank a wire dateline
    first."""
    if dateline and " -" in sentence[:90]:
        sentence = blank_dateline(sentence)
    out: list[Name] = []
    first = True
    for start, end in _raw_spans(sentence):
        raw = sentence[start:end]
        opener = first and not sentence[:start].strip(" \"'\u201c\u2018(")
        first = False
        # a possessive inside the span ends it ("Lonrho Plc's Metropole"), unless a one-word
        # owner heads an organisation name ("Hudson's Bay Co")
        pieces = [(raw, start)]
        if "'s " in raw or "\u2019s " in raw:
            pieces = _split_possessive(raw, start)
        for piece, base in pieces:
            if lower and opener:
                found = _classify_uncached(piece, opener, lower)
            else:
                found = list(_classify_span(piece, opener))
            for text, s, e, kind, role, country, org in found:
                out.append(Name(text, base + s, base + e, kind, role, country, org, opener))
            opener = False
    if ", " in sentence and out:
        _places(sentence, out)
    return _join_and(sentence, [n for n in out if n.kind != "drop"])


def _places(sentence: str, names: list[Name]) -> None:
    """"Glenmora, La.", "Irvine, Calif.": the town is a place, the state no name."""
    for i, n in enumerate(names):
        if sentence.startswith(", ", n.end):
            sm = _STATE_ABBR.match(sentence, n.end + 2)
            if sm:
                if n.kind == "name":
                    n.kind = "place"
                if i + 1 < len(names) and names[i + 1].start == n.end + 2:
                    names[i + 1].kind = "drop"
        if n.kind == "name" and _STATE_ABBR.fullmatch(n.text) and sentence[max(0, n.start - 2):n.start] == ", ":
            n.kind = "drop"


_AND_WORD = re.compile(r" and [A-Z][a-z]+(?=[\s,.;:)]|$)(?! [A-Z])")
_STATE_ABBR = re.compile(
    r"(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
    r"Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|"
    r"Wash|W\.Va|Wis|Wyo|Ont|Que|B\.C|Alta|Man|Sask|N\.S|D\.C)\.?(?![\w])")


_LEGAL_SUFFIXES = frozenset("""corp corporation inc incorporated co company cos ltd limited plc llc
lp ag sa nv bv ab asa oy kk spa gmbh pty bhd berhad""".split())


def _raw_spans(sentence: str) -> list[tuple[int, int]]:
    """The capitalised spans of a sentence, with "and"/"&" joins inside organisation names:
    "Securities and Exchange Commission", "Central Bank and Trust Co", "Goldman Sachs and
    Co", "Ministry of International Trade and Industry" (but "Japan and China" stay two)."""
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(sentence)]
    if len(spans) < 2 or (" and " not in sentence and " & " not in sentence):
        return spans
    out = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = out[-1]
        gap = sentence[pe:s]
        if gap in (" and ", " & "):
            left = sentence[ps:pe]
            right = sentence[s:e].split()
            lw = [w for w in left.split() if not _MODIFIER.match(w)]
            if right and not canonical_country(left) and not canonical_body(left) and (
                    all(is_org_suffix(w) for w in right)
                    or (is_org_suffix(right[-1]) and (len(right) <= 3 or "of" in right and len(right) <= 5)
                        and 0 < len(lw) <= 4 and not is_org_suffix(lw[-1])
                        and not canonical_country(right[0])
                        # ("United Bank of Africa and Standard Trust Bank": two banks)
                        and not (len(right) >= 3 and _is_org_head(tuple(lw))))
                    or (is_org_suffix(right[-1]) and len(right) <= 3 and 0 < len(lw) <= 4
                        and lw[-1].lower().rstrip(".") not in _LEGAL_SUFFIXES
                        and is_common_word(right[0]) and not canonical_country(right[0])
                        and not (len(right) >= 3 and _is_org_head(tuple(lw))))
                    or (" of " in left and len(right) == 1 and right[0][1:].islower()
                        and is_common_word(right[0]))):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _split_possessive(raw: str, base: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    start = 0
    for pm in re.finditer(r"['\u2019]s\s+", raw):
        owner = raw[start:pm.start()]
        after = raw[pm.end():]
        after_words = after.split()
        if " " not in owner.strip() and after_words and is_org_suffix(after_words[-1]) \
                and not is_org_suffix(owner) and not canonical_country(owner) \
                and not canonical_body(owner) and len(after_words) <= 3 and start == 0:
            continue  # "Hudson's Bay Co", "Moody's Investors Service"
        out.append((raw[start:pm.start()], base + start))
        start = pm.end()
    out.append((raw[start:], base + start))
    return [(p, b) for p, b in out if p.strip()]


def _join_and(sentence: str, names: list[Name]) -> list[Name]:
    """"Central Bank and Trust Co", "Sargent and Lundy Engineers", "Goldman Sachs and Co":
    two spans joined by "and"/"&" are one organisation when the second ends with an
    organisation word and the first is no country or body."""
    if len(names) < 2 or (" and " not in sentence and " & " not in sentence):
        return [n for n in names if n.kind != "suffix"]
    out: list[Name] = [names[0]]
    for n in names[1:]:
        prev = out[-1]
        gap = sentence[prev.end:n.start]
        if gap in (" and ", " & ") and prev.kind in ("name", "org") and not prev.role \
                and not n.role and n.kind in ("org", "suffix", "name"):
            nw = n.text.split()
            joined = False
            if all(is_org_suffix(w) for w in nw) and n.kind in ("org", "suffix"):
                joined = True  # "Central Bank and Trust Co", "Goldman Sachs and Co"
            elif n.kind == "org" and is_org_suffix(nw[-1]) and len(nw) <= 3 \
                    and not is_org_suffix(prev.text.split()[-1]) \
                    and not (len(nw) >= 3 and _is_org_head(tuple(prev.text.split()))):
                joined = True  # "Sargent and Lundy Engineers Corp" (but "United Bank of
                # Africa and Standard Trust Bank" are two banks)
            elif " of " in prev.text and len(nw) == 1 and is_common_word(nw[0]):
                joined = True  # "Ministry of International Trade and Industry"
            if joined:
                out[-1] = Name(f"{prev.text}{gap}{n.text}", prev.start, n.end, "org", None,
                               None, None, prev.opener)
                continue
        out.append(n)
    return [n for n in out if n.kind != "suffix"]
