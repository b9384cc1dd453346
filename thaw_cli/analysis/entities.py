"""People, organisations and places named in an article, with aliases merged (no model).

`extract_entities(title, text)` runs at index time (see analysis.py) and returns one
`ArticleEntity` per entity of the article: its canonical name, kind (person | org | place),
the surface forms the article uses and the number of mentions. `merge_entities` joins the
per-article records of many articles into `Entity` rows for `thaw entities`.

Rules, all general (gazetteer tables plus the shape of news copy):

- a capitalised span is a candidate name; a sentence's first word is dropped when it is a
  common word ("The", "Through", a word the article also writes in lower case);
- title + name is a person ("Prime Minister Shinzo Abe", "Chinese President Xi Jinping",
  "Mr. Smith"); the title is kept as an alias, a demonym before the title is ignored;
- a country, alternative name or demonym is the country (place): "Japanese", "Tokyo" used
  as an actor point to Japan; a capital after a place preposition ("in Beijing") is the city;
- blocs and international bodies ("EC", "IMF") are organisations, under their canonical
  name; a span with an organisation word ("Corp", "Council", "Association of ...") or a
  Reuters ticker name ("<Tokheim Corp>") is an organisation; an acronym defined after an
  organisation name ("... Council (CEC)") is an alias of it;
- two or three name words are a person when a role follows ("Jack Ma, founder of Alibaba"),
  a reporting verb follows ("Bill Smith said"), or the last word is used alone elsewhere
  ("Masayoshi Son ... Son regards ...");
- a single word is an alias of an entity of the article it abbreviates ("Abe" → Shinzo Abe,
  "Softbank" ↔ "Softbank Corp"), an organisation after "founder of", "shares of", "stake in"
  and similar, or dropped: unknown single words are not guessed;
- a name after "in"/"near", a dateline city and "Irvine, Calif." are places.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Sequence
from typing import NamedTuple

from thaw_cli.analysis.gazetteer import (
    COUNTRIES,
    PERSON_TITLES,
    canonical_body,
    canonical_country,
    is_org_suffix,
)
from thaw_cli.analysis.names import Name, find_names, is_common_word, name_kind
from thaw_cli.analysis.sentences import sentence_spans
from thaw_cli.analysis.timeline import lower_exact, sentence_spans_of
from thaw_cli.core.models import ArticleEntity, Entity
from thaw_cli.core.rxfactor import alternatives, by_first_char, expand_front

__all__ = ["ArticleEntity", "extract_entities", "merge_entities"]

KINDS = ("person", "org", "place")


# --- tables -----------------------------------------------------------------------------

_CAPITALS: dict[str, str] = {}
for _c in COUNTRIES:
    if _c.capital:
        _CAPITALS[_c.capital.lower()] = _c.capital
_DEMONYMS: set[str] = set()
for _c in COUNTRIES:
    for _d in _c.demonyms:
        _DEMONYMS.add(_d.lower())
        _DEMONYMS.add(_d.lower() + "s")

_TITLES_ALT = "|".join(re.escape(t) for t in PERSON_TITLES)
_QUALIFIER = r"(?:(?:Former|former|Acting|Deputy|Vice|Senior|First|[A-Z][a-z]+(?:ese|an|ish|i|ch))\s+)"
_TITLE_RE = re.compile(rf"^(?P<qual>{_QUALIFIER}*)(?P<title>{_TITLES_ALT})\s+(?P<rest>[A-Z].*)$")
_ROLE_WORDS = (
    r"(?:the\s+|a\s+|an\s+|its\s+)?(?:former\s+|new\s+|deputy\s+|vice\s+|senior\s+|acting\s+|co-?)?"
    r"(?:founder|chairman|chairwoman|chair|president|chief|head|director|spokes(?:man|woman|person)|"
    r"minister|secretary|governor|executive|analyst|economist|manager|partner|leader|"
    r"ambassador|commissioner|official|general\s+manager|treasurer|vice-president|ceo|owner)\b"
)
_ROLE_AFTER = re.compile(r"^\s*,\s*" + _ROLE_WORDS, re.I)
_SAYS_AFTER = re.compile(r"^\s+(?:said|says|told|added|noted|explained|warned|argued|wrote)\b")
_ORG_CONTEXT_BEFORE = re.compile(
    r"\b(?:founder|founders|shares|stake|unit|subsidiary|division|chairman|president|"
    r"head|chief\s+executive|ceo|spokesman|spokeswoman)\s+(?:of|in|at)\s+$|"
    r"\b(?:acquire|acquired|acquiring|buy|bought|buying|merge\s+with|merger\s+with|"
    r"takeover\s+of|bid\s+for|offer\s+for)\s+$",
    re.I,
)
# The same test on lower-cased text (exact when `timeline.lower_exact` gives it), its words
# grouped by first letter (rxfactor): re.I alternations are slow in `re`.
_ORG_CONTEXT_BEFORE_LOW = re.compile(
    r"\b" + by_first_char(
        [e for alt in alternatives(_ORG_CONTEXT_BEFORE.pattern) for e in expand_front(alt.removeprefix(r"\b"))]))
_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:in|near|outside)\s+$")
_CITY_BEFORE = re.compile(r"(?:^|\s)(?:in|at|near|from|to|outside|visit|visits|visited|visiting)\s+$")
_STATE_ABBR = re.compile(
    r"^(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
    r"Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|"
    r"Wash|W\.Va|Wis|Wyo|Ont|Que|B\.C|Alta)\.?$"
)
# A capitalised span, or a <Reuters ticker name>, not glued to a word before it. (Written
# as `(?<![\w'\u2019-])(?:<...>|[A-Z]...)` it is the same pattern; led by its first
# character class, `re` scans for that character instead of trying every position.)
_SPAN = re.compile(
    r"[<A-Z](?<![\w'\u2019-].)(?:(?<=<)[^<>\n]{2,60}>|"
    r"(?<=[A-Z])[\w&'\u2019.\-]*(?:[ \t]+(?:(?:of|for|de|du|del|von|van|der|la|al|bin|&)[ \t]+)?"
    r"(?:the[ \t]+)?[A-Z][\w&'\u2019.\-]*)*)"
)
_ACRONYM_DEF = re.compile(r"^\s*\((?P<acr>[A-Z][A-Za-z&.\-]{1,9})\)")
_DATELINE = re.compile(r"^\s*(?P<city>[A-Z][A-Z .'-]{2,30}[A-Z])(?:,\s*[A-Z][\w.]*\.?)*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+-\s+")
_INITIAL = re.compile(r"^[A-Z]\.$")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$")

# Capitalised words that are never a name on their own (openers, calendar words, wire debris).
_NOT_NAMES = frozenset(
    """The A An It Its In On At For But And Or If As By To Of With From After Before During
    Under Over Since Until When While Where Which Who What Why How This That These Those
    There Here Their They He She We I You His Her Our Your My Also Both All Each Some Many
    Most Other Others Such One Two Three Four Five Six Seven Eight Nine Ten Last Next First
    Second Third Earlier Later Meanwhile However Thus Still Yet So Then Now Through Not No
    According Apparently Especially Conversely Officials Analysts Sources Shares Total
    Reuter Reuters REUTER Mln Bln Dlrs Pct Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Because Although Though Despite
    Mr Mrs Ms Dr Inc Corp Co Ltd Group Company Net Shr Revs Qtr Avg Oper Note Year Profit Loss
    Sales Nine Mths Vs Cts Government Minister Prime President Premier Chairman Spokesman
    Western Eastern Northern Southern East West North South Central Internet Online Today
    Yesterday Tomorrow Week Month Monthly Weekly Annual Economic Political Trade Oil Gold
    Asia Europe Africa America Americas Latin Middle Far Pacific Atlantic Gulf Arab""".split()
)
_FUNCTION_WORDS = frozenset(
    """The A An It Its In On At For But And Or If As By To Of With From After Before During
    Under Over Since Until When While Where Which Who What This That These Those Their They
    He She We His Her Our Also Both All Each Some Many Most Such Meanwhile However""".split()
)
_CONTINENTS = frozenset(
    "Asia Europe Africa Antarctica Australasia Latin America South America North America "
    "Middle East Far East Pacific Atlantic Gulf Caribbean Scandinavia Balkans".split()
)
# a single word with a capital inside ("CHAdeMO", "TechVend", "eBay"), not a surname's
# "McDonald", "MacLeod", "O'Brien" nor an all-capitals acronym
_MIXED_CASE = re.compile(r"^(?!Mc|Mac[A-Z]|O')(?:[A-Z][a-z]+[A-Z]|[A-Z]{2,}[a-z]|[a-z]+[A-Z])[\w-]*$")
_TICKER_SYMBOL = re.compile(r"^[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?$")
_TICKER = re.compile(r"\((?:[A-Z]{1,5}\.[A-Z]|[A-Z]{2,5})\)")
_STATE_AFTER = re.compile(r",\s*([A-Z][\w.]*)")


_CACHE_MAX = 50_000  # names repeat across articles: these pure look-ups are remembered
# (gazetteer's canonical_body, canonical_country and is_org_suffix remember theirs)


class _Hit(NamedTuple):
    text: str  # cleaned surface form
    kind: str  # person | org | place | single | maybe
    name: str  # canonical name when known
    alias: str  # the form to record as an alias


_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'-]+")
_LOWER_WORD_FULL = re.compile(r"[a-z][a-z'-]+")
_LOWER_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'-")


def _lower_words(text: str) -> set[str]:
    return set(_LOWER_WORD.findall(text))


class _LowerWords:
    """`word in _lower_words(text)` without building the set: most articles ask for a few
    sentence openers only.

    `_LOWER_WORD.findall` takes, from each maximal run of ``[a-z'-]`` characters, the part
    from its first lower-case letter not preceded by a letter to the run's end (when at
    least two characters long); `word` is one of those parts when some occurrence of it
    ends a run and starts where the run's first such letter is.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        hit = self.known.get(word)
        if hit is None:
            hit = self.known[word] = self._find(word)
        return hit

    def _find(self, word: str) -> bool:
        if not _LOWER_WORD_FULL.fullmatch(word):
            return False
        text, n, runs = self.text, len(word), _LOWER_RUN_CHARS
        p = text.find(word)
        while p >= 0:
            end = p + n
            if (end == len(text) or text[end] not in runs) and (p == 0 or not _is_letter(text[p - 1])):
                # the run's first start: no earlier lower-case letter of the run after a non-letter
                q = p
                while q > 0 and text[q - 1] in runs:
                    q -= 1
                if not any(text[k] not in "'-" and (k == 0 or not _is_letter(text[k - 1])) for k in range(q, p)):
                    return True
            p = text.find(word, p + 1)
        return False


def _is_letter(c: str) -> bool:
    return "a" <= c <= "z" or "A" <= c <= "Z"


_POSSESSIVE_END = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_INITIAL_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")


@functools.lru_cache(maxsize=_CACHE_MAX)
def _clean(raw: str) -> str:
    text = _POSSESSIVE_END.sub("", raw.strip()).strip(" ,;:-")
    if text.endswith(".") and not _INITIAL_END.search(text):
        text = text.rstrip(".")
    return text


# "'s" after a letter, before a capitalised word: replaced by ";;" so a span ends before it
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['\u2019]s(?= [A-Z])")
_LOWER_RUN = re.compile(r"[a-z]{3}")


def _is_caps_line(text: str) -> bool:
    """An all-capitals headline or table line (no run of three lower-case letters)."""
    return _LOWER_RUN.search(text) is None


def _person_shape(words: list[str]) -> bool:
    """Whether `words` look like a person's name. `_rule` asks only for words that are no
    country together and have no organisation word after the first: not tested again."""
    if not 2 <= len(words) <= 4:
        return False
    if is_org_suffix(words[0]) or any(w in _NOT_NAMES for w in words):
        return False
    if any(canonical_country(w) for w in words if len(w) > 2 and not _INITIAL.match(w)):
        return False
    return all(_NAME_WORD.match(w) for w in words) and not _INITIAL.match(words[-1])


def _classify(
    raw: str, sentence: str, start: int, end: int, sentence_start: bool, lower: Container[str]
) -> Sequence[_Hit]:
    """Entities named by one capitalised span (a span may name several: "Japanese CHAdeMO").

    The span is `raw`, at `sentence[start:end]`; `sentence_start`: it opens its sentence;
    `lower`: the words the article writes in lower case. What does not depend on the words
    around the span is worked out once per distinct span (`_rule`); the few rules that read
    those words get them here.
    """
    rule = _rule(raw, sentence_start, None)
    if rule is _ASK:  # it depends on whether the article writes the first word in lower case
        # An opener whose first word the article never writes in lower case is read as
        # the same span mid-sentence (`_rule` keeps all its words either way), which is
        # more often remembered already.
        rule = _rule(raw, True, True) if _clean(raw).split()[0].lower() in lower else _rule(raw, False, None)
    if rule.capital is None and rule.rest is None and rule.name is None:
        return rule.hits
    return _apply(rule, sentence[max(0, start - _CONTEXT):start], sentence[end:end + _CONTEXT])


_CONTEXT = 40  # characters read on each side of a span


class _Rule(NamedTuple):
    """What one capitalised span names, apart from the words around it (`_rule`)."""

    hits: tuple[_Hit, ...] = ()  # named whatever the context
    capital: _Hit | None = None  # instead of `hits` after "in", "visit", ...: the capital city
    rest: _Rule | None = None  # the rule of the span's remaining words ("CHAdeMO" of "Japanese CHAdeMO")
    rest_before: str = ""  # ... read with this added to the text before the span
    name: str | None = None  # several words whose kind the context decides (`_apply`)
    person: bool = False  # `name` has a person's shape
    placeable: bool = False  # `name` is at most three capitalised words


_NOTHING = _Rule()
_ASK = _Rule(rest_before="?")  # `_rule` needs `first_lower` (told apart by identity)


def _apply(rule: _Rule, before: str, after: str) -> Sequence[_Hit]:
    """The hits of a span of rule `rule` between `before` and `after`."""
    if rule.rest is None and rule.name is None:
        if rule.capital is not None and _CITY_BEFORE.search(before):
            return (rule.capital,)
        return rule.hits
    out = list(rule.hits)
    if rule.rest is not None:
        out += _apply(rule.rest, before + rule.rest_before, after)
    name = rule.name
    if name is not None:
        if _ACRONYM_DEF.match(after):
            kind = "org"
        elif rule.person:
            kind = "person" if _ROLE_AFTER.match(after) or _SAYS_AFTER.match(after) else "maybe"
        elif rule.placeable and _PLACE_BEFORE.search(before):
            kind = "place"
        else:
            am = _STATE_AFTER.match(after)
            if not (am and _STATE_ABBR.match(am.group(1))):
                return out
            kind = "place"
        out.append(_Hit(name, kind, name, name))
    return out


@functools.lru_cache(maxsize=_CACHE_MAX)
def _rule(text: str, sentence_start: bool, first_lower: bool | None) -> _Rule:
    """The rule of a span (`_classify`). `first_lower`: whether the article writes the
    span's first word in lower case, read for a sentence opener only; when it is needed
    and None, the answer is `_ASK`."""
    if text.startswith("<") and text.endswith(">"):
        inner = text[1:-1].strip()
        if not inner or _TICKER_SYMBOL.match(inner):
            return _NOTHING  # a ticker symbol, not a name
        return _Rule((_Hit(inner, "org", inner, inner),))
    text = _clean(text)
    words = text.split()
    # "-based" qualifiers are places: "Bermuda-based Fidelity International Ltd"
    if words and words[0].endswith("-based") and len(words[0]) > 7:
        place = words[0][:-6]
        rest = _rule(" ".join(words[1:]), False, None) if len(words) > 1 else None
        return _Rule((_Hit(place, "place", canonical_country(place) or place, place),), rest=rest)
    # sentence openers and other non-names at the front (but "First Boston Inc" mid-sentence
    # is a name: an organisation word at the end keeps the span whole)
    if not sentence_start and len(words) > 1 and is_org_suffix(words[-1]) and words[0] not in _FUNCTION_WORDS:
        sentence_start = False
        words = ["\x00" + words[0], *words[1:]]
    while words:
        # (a title needs a name after it: one word never matches _TITLE_RE)
        if not (words[0] in _NOT_NAMES and not (len(words) > 1 and _TITLE_RE.match(" ".join(words)))):
            if not sentence_start:
                break
            # an opener the article also writes in lower case ("Through", "Higher") is dropped
            if first_lower is None:
                return _ASK
            if not first_lower or canonical_country(words[0]) or canonical_body(words[0]):
                break
        if words[0] in ("Prime", "President", "Premier", "Chairman", "Minister") and len(words) > 1:
            break
        words = words[1:]
        sentence_start = False
    if words and words[0].startswith("\x00"):
        words[0] = words[0][1:]
    while words and words[-1] in ("The", "Of", "And", "of", "the", "for", "&"):
        words = words[:-1]
    if not words:
        return _NOTHING
    text = " ".join(words)
    if len(text) < 2 or text in _NOT_NAMES:
        return _NOTHING
    # title + name -> person
    m = _TITLE_RE.match(text) if len(words) > 1 else None
    if m:
        rest_words = m.group("rest").split()
        rest_text = " ".join(rest_words)
        if (rest_words and not is_org_suffix(rest_words[-1]) and not canonical_country(rest_text)
                and not canonical_body(rest_text) and all(_NAME_WORD.match(w) or w.isupper() for w in rest_words)
                and len(rest_words) <= 4 and not any(w in _NOT_NAMES for w in rest_words)):
            return _Rule((_Hit(rest_text, "person", rest_text, text[m.start("title"):]),))
    body = canonical_body(text)
    if body:
        return _Rule((_Hit(text, "org", body, text),))
    country = canonical_country(text)
    if country:
        low = text.lower()
        capital = _Hit(text, "place", _CAPITALS[low], text) if low in _CAPITALS else None
        return _Rule((_Hit(text, "place", country, text),), capital=capital)
    if text in _CONTINENTS:
        return _Rule((_Hit(text, "place", text, text),))
    is_org = len(words) > 1 and (any(is_org_suffix(w) for w in words[1:]) or (
        len(words) > 2 and is_org_suffix(words[0]) and words[1] in ("of", "for")))
    # demonym + name: "Japanese CHAdeMO" -> Japan and CHAdeMO
    if len(words) > 1 and words[0].lower() in _DEMONYMS and not is_org:
        first = canonical_country(words[0])
        return _Rule((_Hit(words[0], "place", first, words[0]),) if first else (),
                     rest=_rule(" ".join(words[1:]), False, None), rest_before=words[0] + " ")
    if "-" in text and len(words) == 1:
        parts = text.split("-")
        countries = [canonical_country(p) for p in parts]
        if all(countries) and all(p.lower() in _DEMONYMS for p in parts):
            return _Rule(tuple(_Hit(p, "place", c, p) for p, c in zip(parts, countries, strict=True) if c))
        if text.endswith("-based"):
            return _NOTHING
    if is_org:
        return _Rule((_Hit(text, "org", text, text),))
    if len(words) == 1:
        if _STATE_ABBR.match(text):
            return _NOTHING
        if _MIXED_CASE.match(text):
            return _Rule((_Hit(text, "org", text, text),))  # "CHAdeMO", "TechVend": a brand's name
        return _Rule((_Hit(text, "single", text, text),))
    # an organisation before "(ABC)", a person, a place after "in" or before ", Calif."
    return _Rule(name=text, person=_person_shape(words),
                 placeable=len(words) <= 3 and all(w[:1].isupper() for w in words))


@functools.lru_cache(maxsize=_CACHE_MAX)
def _org_core(name: str) -> str:
    """An organisation name without its legal suffixes ("Softbank Corp" -> "softbank")."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and is_org_suffix(words[-1]) and words[-1].rstrip(".").lower() in _LEGAL:
        words.pop()
    return " ".join(words).lower()


_LEGAL = frozenset(
    "corp corporation inc incorporated co company cos ltd limited plc llc lp ag gmbh sa spa nv bv "
    "ab asa oy kk kgaa se pty bhd berhad group holdings holding".split()
)


def extract_entities(
    title: str | None, text: str, *, sentences: list[str] | None = None,
    spans: list[tuple[int, int]] | None = None, parties: Sequence[str] = (),
) -> list[ArticleEntity]:
    """The entities of one article, most mentioned first.

    `sentences`, when given, must be `split_sentences(text)` (analysis.py splits once for
    every feature); without it the text is split here. `spans`, when given with them, must
    be `timeline.sentence_spans_of(text, sentences)` (analysis.py locates them once for
    entities and events). The result is the same. `parties`: the article's agreement
    parties (`thaw_cli.agreements`, read with the shared grammar of `thaw_cli.names`); each
    named one is an entity of the article (added when the rules here did not find it).
    """
    parts: list[tuple[str, bool]] = []
    if title and not _is_caps_line(title):
        parts.append((title, True))
    parts.append((text, False))
    lower = _LowerWords(text)
    hits: list[_Hit] = []
    for part, is_title in parts:
        dm = _DATELINE.match(part)
        if dm:
            city = dm.group("city").title()
            hits.append(_Hit(city, "place", city, city))  # where it was filed: the city itself
            part = " " * dm.end() + part[dm.end():]
        tickers = [t.span() for t in _TICKER.finditer(part)] if "(" in part else []
        if tickers:
            part = _TICKER.sub(lambda t: " " * len(t.group(0)), part)
        blanked = None
        if sentences is not None and not is_title:
            blanked = _blanked_spans(text, part, dm.end() if dm else 0, tickers,
                                     sentence_spans_of(text, sentences) if spans is None else spans)
        for s, e in blanked if blanked is not None else sentence_spans(part):
            sentence = part[s:e]
            if len(sentence) > 20 and _is_caps_line(sentence):
                continue
            first = True
            k0 = len(hits)
            # (a possessive to mark is followed by a space)
            marked = (_POSSESSIVE.sub(";;", sentence)
                      if "'s " in sentence or "\u2019s " in sentence else sentence)
            # the name grammar is read where the rules here may disagree with it: a span
            # they drop or cut at its front, a name joined by "and"/"&"
            grammar = (" and " in sentence or " & " in sentence) and \
                _CAP_AND_CAP.search(sentence) is not None
            for m in _spans(marked):
                start, end = m.span()
                opener = first and not sentence[:start].strip(" \"'\u201c\u2018(")
                first = False
                found = _classify(m.group(0), sentence, start, end, opener, lower)
                if not grammar and (not m.group(0).lstrip("<").startswith(found[0].alias) if found
                                    else _worth_reading(m.group(0))):
                    grammar = True
                for h in found:
                    if h.kind == "single" and _org_context_before(sentence[max(0, start - _CONTEXT):start]):
                        h = h._replace(kind="org")
                    hits.append(h)
            if grammar or any(h.kind == "person" for h in hits[k0:]):
                _with_grammar(hits, k0, sentence, read=grammar)
    out = _resolve(hits)
    return _with_parties(out, parties) if parties else out


_CAP_AND_CAP = re.compile(r"[A-Z][\w.'-]*\s+(?:and|&)\s+[A-Z]")


@functools.lru_cache(maxsize=_CACHE_MAX)
def _worth_reading(span: str) -> bool:
    """Whether a span the rules here dropped may still hold a name: a word that is neither
    a function word, a common word nor a month ("The", "March", "Net" are not)."""
    return any(not is_common_word(w.strip(".,;:'\u2019")) for w in span.split() if w.strip(".,;:'\u2019"))


_GRAMMAR_KINDS = {"org": "org", "body": "org", "country": "place", "place": "place",
                  "person": "person"}


def _grammar_hit(n: Name) -> _Hit | None:
    """The entity a name of the shared grammar (`thaw_cli.analysis.names`) stands for."""
    kind = _GRAMMAR_KINDS.get(n.kind)
    if kind is None:
        return None  # demonyms, groups, names of unknown kind: the rules here decide
    if n.kind == "body":
        return _Hit(n.text, "org", canonical_body(n.text) or n.text, n.text)
    if n.kind == "country":
        country = canonical_country(n.text)
        if country is None or n.text.lower() in _CAPITALS:
            return None  # a capital: a city or its government, the rules here tell which
        return _Hit(n.text, "place", country, n.text)
    if n.kind == "person" and not n.role:
        return None
    return _Hit(n.text, kind, n.text, n.text)


def _with_grammar(hits: list[_Hit], k0: int, sentence: str, *, read: bool = True) -> None:
    """Read one sentence's hits (`hits[k0:]`) with the name grammar agreements use: a
    person made of common words only ("General Agreement" read as a title and a name) is
    none; a hit the grammar reads as part of a longer organisation name ("Exchange
    Commission" of "Securities and Exchange Commission", "Boston Inc" of "First Boston
    Inc") becomes that name; an organisation, body, country or titled person the grammar
    finds and no hit covers ("South Africa", "Group of Five") is added. `read`: whether to
    read the sentence with the grammar (else only the first rule applies)."""
    mine = hits[k0:]
    keep = [h for h in mine if not (h.kind == "person" and all(
        is_common_word(w) for w in h.text.split()))]
    names = find_names(sentence, dateline=False) if read and sentence.strip() else []
    for n in names:
        g = _grammar_hit(n)
        if g is None:
            continue
        gl = g.text.lower()
        if any(h.alias.lower() == gl or h.text.lower() == gl or h.name.lower() == g.name.lower()
               or (len(gl) > 3 and gl in h.alias.lower()) for h in keep):
            continue  # found by the rules here already
        inside = [h for h in keep if len(h.alias) > 3 and h.alias.lower() in gl]
        if inside and g.kind != "org":
            continue
        if inside and not all(h.kind in ("org", "single", "maybe") for h in inside):
            continue  # "Japan" in "Bank of Japan" stays a place as well
        # the whole name: "First Boston Inc" rather than "Boston Inc", "Securities and
        # Exchange Commission" rather than "Securities" and "Exchange Commission"
        keep = [h for h in keep if h not in inside]
        keep.append(g)
    hits[k0:] = keep


def _with_parties(ents: list[ArticleEntity], parties: Sequence[str]) -> list[ArticleEntity]:
    """`ents` with each named agreement party that is none of them yet: a country is the
    country (place), a person a person, any other name an organisation; groups ("creditor
    banks") name no entity."""
    known: set[str] = set()
    for e in ents:
        known.add(e.name.lower())
        known.update(a.lower() for a in e.aliases)
        if e.kind == "org":
            known.add(_org_core(e.name))
    added = False
    for p in parties:
        if not p or p.lower() in known or p[:1].islower():
            continue
        kind = name_kind(p)
        if kind == "group":
            continue
        if kind in ("country", "demonym"):
            country = canonical_country(p)
            if country is None or country.lower() in known:
                continue
            ent = ArticleEntity(country, "place", [p], 1)
        elif kind == "person":
            ent = ArticleEntity(p, "person", [p], 1)
        else:
            if _org_core(p) in known:
                continue
            ent = ArticleEntity(p, "org", [p], 1)
        ents.append(ent)
        known.add(ent.name.lower())
        known.add(p.lower())
        added = True
    if added:
        ents.sort(key=lambda e: (-e.mentions, e.name))
    return ents


def _org_context_before(before: str) -> bool:
    """`_ORG_CONTEXT_BEFORE.search(before)`, on the lower-cased text when that is exact."""
    low = lower_exact(before)
    if low is None:
        return _ORG_CONTEXT_BEFORE.search(before) is not None
    # every alternative ends with one of these words and white space: most text does not
    return low.rstrip().endswith(_ORG_CONTEXT_LAST) and _ORG_CONTEXT_BEFORE_LOW.search(low) is not None


_ORG_CONTEXT_LAST = ("of", "in", "at", "acquire", "acquired", "acquiring", "buy", "bought", "buying", "with", "for")


_CAND_END = frozenset(".!?\u2026\"')]\u2019\u201d")


def _blanked_spans(
    text: str, part: str, dateline_end: int, tickers: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> list[tuple[int, int]] | None:
    """`sentence_spans(part)` from the sentence spans of `text` (`sentence_spans_of`), or
    None when they may differ.

    `part` is `text` with its dateline `[0, dateline_end)` and its tickers blanked (spaces
    for characters). The splitter reads line breaks, the characters around a full stop and
    the word after it; blanking changes none of them when the dateline is one line inside
    the first sentence and each ticker stands between spaces, mid-line, not right after a
    sentence end. Otherwise None: the caller splits `part` itself.
    """
    if dateline_end:
        if not spans or spans[0][1] <= dateline_end or "\n" in text[:dateline_end]:
            return None
        spans = [(dateline_end, spans[0][1]), *spans[1:]]
    for a, b in tickers:
        line_start = part.rfind("\n", 0, a) + 1
        line_end = part.find("\n", b)
        if (a == 0 or not part[a - 1].isspace() or b >= len(part) or not part[b].isspace()
                or not part[line_start:a].strip()
                or not part[b:line_end if line_end >= 0 else len(part)].strip()
                or part[:a].rstrip()[-1:] in _CAND_END):
            return None
    return spans


class _Joined:
    """Two capitalised spans joined by "and" into one organisation name."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def group(self, _: int = 0) -> str:
        return self._text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


def _spans(sentence: str) -> list[re.Match[str] | _Joined]:
    """Capitalised spans; "Securities and Exchange Commission", "Duff and Phelps Corp" and
    "Minnesota Power and Light Co" are one span (the part after "and" ends with an
    organisation word), "Japan and China" stay two."""
    if " and " not in sentence:
        return list(_SPAN.finditer(sentence))
    out: list[re.Match[str] | _Joined] = []
    for m in _SPAN.finditer(sentence):
        if out and sentence[out[-1].end():m.start()] == " and ":
            prev = out[-1]
            last = _clean(m.group(0)).split()[-1]
            prev_last = _clean(prev.group(0)).split()[-1]
            if (is_org_suffix(last) and not is_org_suffix(prev_last) and not canonical_country(prev.group(0))
                    and not canonical_body(prev.group(0))):
                out[-1] = _Joined(sentence[prev.start():m.end()], prev.start(), m.end())
                continue
        out.append(m)
    return out


def _resolve(hits: list[_Hit]) -> list[ArticleEntity]:
    people: dict[str, ArticleEntity] = {}
    orgs: dict[str, ArticleEntity] = {}
    places: dict[str, ArticleEntity] = {}
    table = {"person": people, "org": orgs, "place": places}

    def add(kind: str, name: str, alias: str) -> None:
        bucket = table[kind]
        key = _org_core(name) if kind == "org" else name.lower()
        ent = bucket.get(key)
        if ent is None:
            ent = bucket[key] = ArticleEntity(name, kind, [], 0)
        elif kind == "org" and len(name) > len(ent.name):
            ent.name = name
        ent.mentions += 1
        if alias not in ent.aliases:
            ent.aliases.append(alias)

    singles: list[_Hit] = []
    maybes: list[_Hit] = []
    for h in hits:
        if h.kind in table:
            add(h.kind, h.name, h.alias)
        elif h.kind == "single":
            singles.append(h)
        elif h.kind == "maybe":
            maybes.append(h)
    single_words = {h.text for h in singles}
    # two/three-word names whose last word is used alone elsewhere are people
    for h in maybes:
        core = h.text.lower()
        if core in orgs:
            ent = orgs[core]
            ent.mentions += 1
            if h.text not in ent.aliases:
                ent.aliases.append(h.text)
            continue
        last = h.text.split()[-1]
        if h.text.lower() in people or last in single_words or any(
            p.split()[-1] == last for p in (e.name for e in people.values())
        ):
            add("person", h.text, h.alias)
    # single words: an alias of a person (surname) or of an organisation of the article
    surnames: dict[str, str] = {}
    for key, p in people.items():
        words = p.name.split()
        if len(words) > 1:
            surnames.setdefault(words[-1], key)
            surnames.setdefault(words[0], key) if _is_east_asian_order(p) else None
    org_cores = {key.split()[0]: key for key in orgs}
    for h in singles:
        if h.text in surnames:
            ent = people[surnames[h.text]]
            ent.mentions += 1
            if h.text not in ent.aliases:
                ent.aliases.append(h.text)
        elif h.text.lower() in people:
            add("person", people[h.text.lower()].name, h.text)
        elif h.text.lower() in org_cores:
            ent = orgs[org_cores[h.text.lower()]]
            ent.mentions += 1
            if h.text not in ent.aliases:
                ent.aliases.append(h.text)
    # acronyms defined after organisation names are aliases, counted with them
    out = [*people.values(), *orgs.values(), *places.values()]
    out = [e for e in out if e.name and e.name[0].isupper() or e.name[:1].isdigit()]
    out.sort(key=lambda e: (-e.mentions, e.name))
    return out


def _is_east_asian_order(p: ArticleEntity) -> bool:
    """Chinese and Korean names put the family name first ("Xi Jinping" -> "Xi")."""
    words = p.name.split()
    return len(words) == 2 and len(words[0]) <= 4 and words[0][0].isupper() and any(
        a.endswith(("President " + p.name, "Premier " + p.name)) for a in p.aliases
    )


# --- across articles --------------------------------------------------------------------

def merge_entities(rows: list[tuple[str, list[ArticleEntity]]]) -> list[Entity]:
    """One `Entity` per real-world entity over many articles, most articles first.

    A surname-only person ("Abe") joins the one person of that surname ("Shinzo Abe");
    "Softbank" and "Softbank Corp" are one organisation.
    """
    merged: dict[tuple[str, str], Entity] = {}
    # what each entity's lists hold, as sets: an entity of many articles ("U.S.") is looked
    # up once per article, and a list's `in` would make the merge quadratic in the selection
    seen: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for article_id, ents in rows:
        for e in ents:
            key = (e.kind, _org_core(e.name) if e.kind == "org" else e.name.lower())
            cur = merged.get(key)
            if cur is None:
                cur = merged[key] = Entity(e.name, e.kind, [], [], 0)
                seen[key] = (set(), set())
            elif len(e.name) > len(cur.name) and e.kind == "org":
                cur.name = e.name
            cur.mentions += e.mentions
            arts, aliases = seen[key]
            if article_id not in arts:
                arts.add(article_id)
                cur.articles.append(article_id)
            for a in e.aliases:
                if a not in aliases:
                    aliases.add(a)
                    cur.aliases.append(a)
    # single-word people join the unique full name that ends (or starts) with that word
    by_word: dict[str, list[tuple[str, str]]] = {}
    for key, ent in merged.items():
        if key[0] == "person" and " " in ent.name:
            words = ent.name.split()
            for w in {words[0], words[-1]}:
                by_word.setdefault(w, []).append(key)
    for key in list(merged):
        ent = merged[key]
        if key[0] != "person" or " " in ent.name:
            continue
        targets = by_word.get(ent.name, [])
        if len(targets) == 1:
            target = merged[targets[0]]
            target.mentions += ent.mentions
            arts, aliases = seen[targets[0]]
            for a in ent.articles:
                if a not in arts:
                    arts.add(a)
                    target.articles.append(a)
            for a in ent.aliases:
                if a not in aliases:
                    aliases.add(a)
                    target.aliases.append(a)
            del merged[key]
    out = list(merged.values())
    for e in out:
        if e.name not in e.aliases:
            e.aliases.insert(0, e.name)
        e.aliases = [e.name] + sorted((a for a in e.aliases if a != e.name), key=lambda a: (len(a), a))
    out.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return out
