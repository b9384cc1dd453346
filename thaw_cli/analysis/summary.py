"""Offline extractive summaries and key phrases (standard library only).

Sentences are scored by a small learned model (`thaw_cli.analysis.summary_model`: position,
length, three centralities in the article's word graph, headline overlap; a logistic
regression trained on extractive BBC references, shipped as JSON) and picked greedily, so
every prefix of :func:`rank_sentences` is a summary of that length:

* relevance: the model's log-odds plus a length term (three sentences as long as
  TextRank's, no longer) and the log of a shape factor (`_quality`: very short fragments,
  "Reuter" sign-offs, bylines, tables of figures, questions, quote-only lines; debris is
  never chosen), a hand rule the references cannot teach;
* a cost for a sentence opening with a dangling pronoun or connective ("He said", "It
  added", "But") unless the sentence before it is already chosen;
* redundancy: each pick is discounted by its largest similarity to the sentences
  already chosen.

Key phrases (`keywords`) are runs of words between stop words and punctuation, scored by
frequency, position, headline overlap and length, a common word discounted.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter
from typing import NamedTuple, cast

from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.summary_model import features, load_model, word_specificity

__all__ = [
    "keywords",
    "lead",
    "phrase_words",
    "rank_and_keywords",
    "rank_sentences",
    "SentenceFeatures",
    "sentence_features",
    "summarize",
]

STOP_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already
    also although always am among amongst an and another any anyhow anyone anything anyway
    anywhere are around as at back be became because become becomes been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do
    does doing done down due during each either else elsewhere enough etc even ever every
    everyone everything everywhere except few for former formerly from further had has have
    having he hence her here hereafter hereby herein hers herself him himself his how however
    i if in indeed into is it its itself just last latter least less made make many may me
    meanwhile might mine more moreover most mostly much must my myself namely neither never
    nevertheless next no nobody none nor not nothing now nowhere of off often on once one
    only onto or other others otherwise our ours ourselves out over own per perhaps put
    rather re really same says said say see seem seemed seeming seems several she should
    since so some somehow someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then thence there thereafter thereby therefore
    therein thereupon these they this those though through throughout thru thus to together
    too toward towards under until up upon us very via was we well were what whatever when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which
    while whither who whoever whole whom whose why will with within without would yet you
    your yours yourself yourselves told according added adds get got go going goes went
    like new year years time mr mrs ms dr yesterday today tomorrow week
    monday tuesday wednesday thursday friday saturday sunday""".split()
)

# Function words, left out of the ranking words (content words, reporting verbs included:
# "said" counts towards centrality; `STOP_WORDS` still bounds key phrases).
RANK_STOP = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_WS = re.compile(r"\s+")
_DANGLING_RE = re.compile(
    r"[\"'\u2018\u201c]?(?:He|She|It|They|This|These|Those|His|Her|Its|Their|Them|That|Such|"
    r"But|However|And|Also|Meanwhile|Still|Yet|Instead|So)\b"
)
_DEBRIS = re.compile(
    r"(?:reuters?|ap|afp|\(?reporting by|\(?editing by|\(?writing by|by [A-Z][a-z]+ [A-Z][a-z]+\Z|"
    r"read more|click here|advertisement|share this|copyright|all rights reserved|"
    r"follow us|sign up|subscribe)",
    re.IGNORECASE,
)
# A white-space delimited token of figures; the first character is matched before the
# look-behind (a token start) so that the scan skips ahead to candidate characters.
_NUMERIC = re.compile(r"[\d.,/%$-](?<!\S.)[\d.,/%$-]*(?!\S)")
_CANDIDATE_CAP = 400  # sentences considered for a summary (the article statistics use all)


def _stem(word: str) -> str:
    """A very light English stemmer (plurals, -ing, -ed, possessive)."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    n = len(word)
    if n > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("ing") and n > 5:
            return word[:-3]
        if word.endswith("ed") and not word.endswith("eed"):
            return word[:-2]
        if word.endswith("es") and word[-3] in "sxz":
            return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STEMS: dict[str, str] = {}  # token -> itself as a ranking word, or "" if it is none


def _content(lower: str, a: int = 0, b: int = sys.maxsize) -> list[str]:
    """The ranking words of ``lower[a:b]`` (lower-cased text): its words, unstemmed, but for
    function words (`RANK_STOP`), one-letter words and numbers."""
    words = _TOKEN.findall(lower, a, b)
    stems = list(map(_STEMS.get, words))
    if None in stems:
        if len(_STEMS) > 200_000:
            _STEMS.clear()
        j = 0
        try:
            while True:  # the misses only
                j = stems.index(None, j)
                w = words[j]
                s = "" if (w in RANK_STOP or len(w) < 2 or w.isdigit()) else w
                _STEMS[w] = stems[j] = s
        except ValueError:
            pass
    return list(filter(None, stems))


def _quality(sentence: str, nwords: int, figures: int | None = None) -> float:
    """A multiplier in (0, 1] that pushes debris and weak sentence shapes down.

    ``figures``, when given, is an upper bound on the number of figure tokens (`_NUMERIC`)
    of the sentence: a bound too low to make it a table spares counting them.
    """
    if nwords < 8 and _DEBRIS.match(sentence):
        return 0.0  # sign-offs, bylines, links: never chosen
    if nwords < 4:
        return 0.02
    if sentence.upper() == sentence:
        return 0.05
    q = 1.0
    if nwords < 8:
        q *= 0.3
    elif nwords < 12:
        q *= 0.75
    elif nwords > 50:
        q *= 50 / nwords
    if (figures is None or figures * 3 > nwords) and len(_NUMERIC.findall(sentence)) * 3 > nwords:
        q *= 0.3  # a table of figures
    end = sentence.rstrip("\"'\u2019\u201d) ")
    if end.endswith("?"):
        q *= 0.5
    elif end.endswith(":"):
        q *= 0.4
    elif not end.endswith((".", "!")):
        q *= 0.7
    if sentence[0] in "\"\u201c'\u2018" and sentence[-1] in "\"\u201d'\u2019":
        q *= 0.6
    return q


def _norm(sentence: str) -> str:
    """The sentence on one line, runs of white space made one space."""
    line = sentence.replace("\n", " ")
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        # The only white space of a printable string is " " (str.isprintable is false for
        # every other white space character): single spaces inside, none around.
        return line
    return " ".join(sentence.split())


def rank_sentences(
    title: str | None, text: str, limit: int = 10, *, sentences: list[str] | None = None
) -> list[tuple[int, str]]:
    """The best sentences, best first, as (position in the article, normalised text).

    Chosen greedily with redundancy removal, so every prefix is a summary of that length.
    ``sentences`` are those of ``text`` (`split_sentences`) when the caller has them.
    """
    sents = split_sentences(text) if sentences is None else sentences
    if not sents or limit <= 0:
        return []
    title_terms = set(_content(title.lower())) if title else set()
    return _rank(title_terms, sents, [_content(s.lower()) for s in sents], limit)


def _rank(
    title_terms: set[str],
    sents: list[str],
    toks: list[list[str]],
    limit: int,
    figures: list[int] | None = None,
) -> list[tuple[int, str]]:
    """`rank_sentences` given the ranking words of the title (``title_terms``) and of
    each sentence (``toks``) and, if known, an upper bound on the number of figure tokens
    of each (see `_quality`)."""
    k = min(len(sents), _CANDIDATE_CAP)
    nwords, quality = _shapes(sents, k, figures)
    eligible = [i for i in range(k) if quality[i] > 0.0]
    steps = min(limit, len(eligible))
    if steps <= 0:
        return []
    model = load_model()
    sets = list(map(set, toks))
    # the model's log-odds plus its length term, and the shape prior (log of `_quality`:
    # fragments, tables of figures, questions), a hand rule the BBC references cannot teach
    rel = model.scores(toks, sets, nwords, title_terms)
    for i in eligible:
        q = quality[i]
        if q != 1.0:
            rel[i] += math.log(q)
    mmr = model.redundancy
    cost = model.dangling
    # A dangling opener ("He said", "But") whose antecedent is not chosen costs `cost`;
    # `value` is what each sentence is worth now: relevance, minus that cost, minus its
    # redundancy with the sentences chosen.
    orphan = [bool(_DANGLING_RE.match(s)) for s in sents[:k]]
    value = [r - cost if o else r for r, o in zip(rel, orphan, strict=False)]
    max_sim = [0.0] * k
    chosen: list[int] = []
    left = eligible[:]  # not yet chosen, in article order
    while True:
        best = max(left, key=value.__getitem__)  # (the first of equals)
        chosen.append(best)
        if len(chosen) == steps:
            break  # (no use updating the values)
        left.remove(best)
        after = best + 1
        if after < k and orphan[after]:
            orphan[after] = False  # its antecedent is chosen now
            value[after] = rel[after] - mmr * max_sim[after]
        sb = sets[best]
        if sb and mmr:
            nb = len(sb)
            for i in left:
                si = sets[i]
                inter = len(si & sb)
                if inter:
                    sim = inter / math.sqrt(len(si) * nb)
                    if sim > max_sim[i]:
                        max_sim[i] = sim
                        value[i] = rel[i] - mmr * sim - (cost if orphan[i] else 0.0)
    return [(i, _norm(sents[i])) for i in chosen]


def _shapes(
    sents: list[str], k: int, figures: list[int] | None = None
) -> tuple[list[int], list[float]]:
    """The number of words and the `_quality` factor of each of the first ``k`` sentences."""
    nwords = []
    quality = []
    for i in range(k):
        sent = sents[i]
        nw = sent.count(" ") + sent.count("\n") + 1
        nwords.append(nw)
        quality.append(_quality(sent, nw, figures[i] if figures is not None else None))
    return nwords, quality


class SentenceFeatures(NamedTuple):
    """What the ranking sees of the sentences it considers (the first `_CANDIDATE_CAP`)."""

    rows: list[list[float]]  # the feature rows (`summary_model.FEATURES`)
    nwords: list[int]  # words of each sentence
    quality: list[float]  # its `_quality` factor (0: debris, never chosen)
    dangling: list[bool]  # whether it opens with a dangling pronoun or connective
    words: list[list[str]]  # its ranking words (redundancy is measured on them)


def sentence_features(
    title: str | None, text: str, *, sentences: list[str] | None = None
) -> SentenceFeatures:
    """The features `rank_sentences` scores and selects on: what `bench/train_summary.py`
    learns from (computed by the same code as the ranking)."""
    sents = split_sentences(text) if sentences is None else sentences
    title_terms = set(_content(title.lower())) if title else set()
    toks = [_content(s.lower()) for s in sents]
    k = min(len(sents), _CANDIDATE_CAP)
    nwords, quality = _shapes(sents, k)
    columns = features(toks, list(map(set, toks)), nwords, title_terms)
    return SentenceFeatures(
        [list(row) for row in zip(*columns, strict=True)] if k else [],
        nwords,
        quality,
        [bool(_DANGLING_RE.match(s)) for s in sents[:k]],
        toks[:k],
    )


def summarize(title: str | None, text: str, n: int = 3) -> list[str]:
    """The ``n`` best sentences of the article, in article order."""
    return [s for _, s in sorted(rank_sentences(title, text, n))]


def lead(text: str, n: int = 3) -> list[str]:
    """The first ``n`` sentences (the fallback for non-English text)."""
    return [_norm(s) for s in split_sentences(text)[:n]]


# ----------------------------------------------------------------- key phrases

# Word tokens (an acronym "U.S.", a word with inner apostrophes, hyphens or "&"), figures
# and single punctuation marks; written so that the scan rarely backtracks (same tokens
# as "(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w&'\u2019-]*\w)?|\d[\d.,:/%]*\w*|[^\s\w]").
_KP_TOKEN = re.compile(
    r"[^\W\d_](?:(?<=[A-Za-z])\.(?:[A-Za-z]\.)+|\w*+(?:[&'\u2019-]+\w+)*+)|\d[\d.,:/%]*+\w*+|[^\s\w]"
)
_KP_EXTRA_STOP = frozenset(
    """reuter reuters bbc ap afp dlrs dlr pct mln billion million bln cts ct shr net revs
    percent per cent rose fell rise fall told asked including include includes announced
    saying new old big high low late early first second third former latter certain recent
    recently end start way lot lots thing things part number people today week month
    months day days year-old spokesman spokeswoman statement source sources official officials
    inc corp co ltd plc llc two three four five six seven eight nine ten eleven twelve
    hundred hundreds thousand thousands dozen vs shr shrs avg qtr mths oper rev""".split()
)
_KP_MAX_WORDS = 4
# Past tenses not ending in "-ed", in lower case: no part of a key phrase ("kept growth").
_IRREGULAR_PAST = frozenset(
    """won lost held sold paid found kept led met brought bought built began chose drove felt
    fought gave grew knew meant ran saw sent spent stood struck taught thought took wrote broke
    came hit let shut quit swore threw""".split()
)
# Where a ranking word may run over several key-phrase tokens (see `rank_and_keywords`).
_FIGURE_APOSTROPHE = re.compile(r"\d[\w.,:/%]*+['\u2019]")
# What may start a token of `_NUMERIC` besides a digit.
_FIGURE_FIRST = frozenset(".,/%$-")
# Runs of two words or more, over one phrase code per token (see `_kp_info`): words
# that may stand anywhere but last ("k" or "v"), then a possessive ("p") or not; the same
# runs as "[kv]+p|[kv]{2,}", written to start with one character class, so that the
# scan skips to the next "k" or "v" in C.
_MULTI_RUN = re.compile(r"[kv](?:[kv]++p?|p)")
_KEY, _SURFACE, _LOWER, _CODE, _END, _RANK_TEXT = (itemgetter(i) for i in range(6))
_KpInfo = tuple[str, str, bool, str, str, str]
_KP_CACHE: dict[str, _KpInfo] = {}
_CACHE_MAX = 200_000
_Phrase = tuple[str, ...]  # the stem keys of a candidate phrase


def _kp_info(token: str) -> _KpInfo:
    """(stem key or "" for a phrase break, surface, surface in lower case, phrase
    code, the stem key again if a phrase may end with the token else "", and the
    content-word stems that `rank_sentences` finds in the token, joined by spaces:
    "" if none, and a NUL for the NUL token, which `rank_and_keywords` splits at).

    The phrase code says where the token may stand in a candidate phrase (a run of
    words between breaks, a possessive ending its noun phrase: "Britain's | utility";
    a phrase never ends in a lower-case "-ed" verb: "prices raised"): "k" anywhere,
    "v" (a verb) anywhere but last, "p" (a possessive) only last, "." nowhere (a
    break, or a possessive verb, which could only stand last).  Two kinds of breaks
    have codes of their own: "n", a token that may start a figure token of
    `_quality` (a digit or one of ".,/%$-" first), and "|", the NUL that
    `rank_and_keywords` puts between sentences.
    """
    info = _KP_CACHE.get(token)
    if info is None:
        info = _word_info(token) if token.isascii() and token.isalpha() else _token_info(token)
        if len(_KP_CACHE) > _CACHE_MAX:
            _KP_CACHE.clear()
        _KP_CACHE[token] = info
    return info


def _word_info(word: str) -> _KpInfo:
    """`_token_info` of a word of ASCII letters (most tokens), computing its stem once.

    Such a word is one `_TOKEN` too, never a number, and has no apostrophe (no
    possessive): it is a ranking word itself (lower-cased) unless it is in `RANK_STOP`
    (a subset of `STOP_WORDS`) or has one letter.
    """
    low = word.lower()
    if low in STOP_WORDS or len(low) < 2:
        rank = "" if (low in RANK_STOP or len(low) < 2) else low
        return ("", word, word.islower(), ".", "", rank)
    if (
        low in _KP_EXTRA_STOP
        or (low.endswith("ly") and len(low) > 4)
        or (low in _IRREGULAR_PAST and word.islower())
    ):
        return ("", word, word.islower(), ".", "", low)
    key = _stem(low)
    if low.endswith("ed") and word.islower():
        return (key, word, True, "v", "", low)
    return (key, word, word.islower(), "k", key, low)


def _token_info(token: str) -> _KpInfo:
    """`_kp_info` computed (any token)."""
    if not token[0].isalpha():
        c = token[0]
        if c == "\x00":
            return ("", token, False, "|", "", "\x00")
        code = "n" if c.isdigit() or c in _FIGURE_FIRST else "."
        low = token.lower()
        # A figure or a punctuation mark: with no letter a-z (none that upper() changes),
        # its `_TOKEN` words are numbers at most, which `_content` drops.
        words = "" if low == low.upper() else " ".join(_content(low))
        return ("", token, token.islower(), code, "", words)
    low = token.lower().replace("\u2019", "'")
    possessive = low.endswith("'s")
    plain = low[:-2] if possessive else low
    stop = (
        plain in STOP_WORDS
        or plain in _KP_EXTRA_STOP
        or len(plain) < 2
        or (plain.endswith("ly") and len(plain) > 4)
        or (plain in _IRREGULAR_PAST and token.islower())
    )
    surface = token[:-2] if possessive else token
    verb = plain.endswith("ed") and token.islower()
    key = "" if stop else _stem(plain)
    if stop or (possessive and verb):
        code = "."
    else:
        code = "p" if possessive else "v" if verb else "k"
    return (
        key,
        surface,
        surface.islower(),
        code,
        key if code in "kp" else "",
        " ".join(_content(token.lower())),
    )


def _phrases(
    keys: _Phrase, codes: str, runs: list[tuple[int, int]], word_tf: dict[str, int], frequent: bool
) -> tuple[dict[_Phrase, int], dict[_Phrase, int]]:
    """Candidate phrases of two words or more with their number of occurrences and the
    token index of their first occurrence: those whose first and last words both recur
    in the text when ``frequent``, else all the others.

    They are the sub-runs of up to `_KP_MAX_WORDS` words of ``runs`` (the token spans
    of the runs of two words or more between breaks) of the tokens' stem keys ``keys``,
    none ending in a word that may not end a phrase nor holding a verb but first (phrase
    code ``codes``).
    (The one-word candidates are the words that may end a phrase: see `_keywords`.)
    """
    count: dict[_Phrase, int] = {}
    first: dict[_Phrase, int] = {}
    for start, stop in runs:
        verbs = codes.find("v", start, stop) >= 0
        for b in range(start + 2, stop + 1):
            if codes[b - 1] == "v":
                continue
            end_recurs = word_tf[keys[b - 1]] > 1
            if frequent and not end_recurs:
                continue
            # a verb may open a phrase ("proposed law") but not stand inside one ("figures
            # indicated growth"): start at the last verb before the end, if any
            lo = max(start, b - _KP_MAX_WORDS)
            if verbs:
                lo = max(lo, codes.rfind("v", start, b - 1))
            for a in range(lo, b - 1):
                if (end_recurs and word_tf[keys[a]] > 1) != frequent:
                    continue
                key = keys[a:b]
                c = count.get(key)
                if c is None:
                    count[key] = 1
                    first[key] = a
                else:
                    count[key] = c + 1
    return count, first


def keywords(title: str | None, text: str, n: int = 8) -> list[str]:
    """Up to ``n`` key phrases of the article, best first, multi-word phrases preferred.

    Candidates are runs of words between stop words, numbers and punctuation (and
    their sub-runs of up to four words); a candidate scores by how often it and its
    words occur, how early it first occurs, its overlap with the headline and its
    length.  A phrase contained in (or containing) a better one is dropped.
    """
    if n <= 0:
        return []
    title_keys = set(map(_KEY, _token_infos(_KP_TOKEN.findall(title)))) if title else set()
    return _keywords(title_keys, _token_infos(_KP_TOKEN.findall(text)), n)


def phrase_words(text: str) -> set[str]:
    """The words key phrases are made of in ``text`` (their stem keys): what
    `bench/train_keyphrases.py` counts the document frequency of."""
    keys = set(map(_KEY, _token_infos(_KP_TOKEN.findall(text))))
    keys.discard("")
    return keys


def rank_and_keywords(
    title: str | None,
    text: str,
    *,
    sentences: list[str] | None = None,
    limit: int = 10,
    n: int = 8,
) -> tuple[list[tuple[int, str]], list[str]]:
    """``(rank_sentences(title, text, limit), keywords(title, text, n))``, tokenising the
    text once for both.  ``sentences`` are those of ``text`` when the caller has them.

    The key-phrase tokens of the sentences, joined by a NUL (a token of its own), give
    the tokens of the text and, split at the NULs, the words of each sentence: every
    ranking word lies inside one key-phrase token (`_kp_info` keeps its stems), except
    where a figure runs into an apostrophe ("1980's" is one ranking word but three
    key-phrase tokens); such texts, and texts holding a NUL, are tokenised twice.
    """
    sents = split_sentences(text) if sentences is None else sentences
    if not sents or _tokenised_apart(text):
        return rank_sentences(title, text, limit, sentences=sents), keywords(title, text, n)
    infos = _token_infos(_KP_TOKEN.findall("\x00".join(sents)))
    codes = "".join(map(_CODE, infos))
    sent_codes = codes.split("|")  # the codes of each sentence's tokens
    parts = []  # the token infos of each sentence
    a = 0
    for c in sent_codes:
        b = a + len(c)
        parts.append(infos[a:b])
        a = b + 1
    # The title is tokenised once for both as well (the same argument holds for it).
    title_infos = _token_infos(_KP_TOKEN.findall(title)) if title else []
    ranked = []
    if limit > 0:
        # The ranking words of each sentence, from its tokens' words joined (a NUL token
        # between two sentences: a NUL between their words).
        toks = list(map(str.split, " ".join(map(_RANK_TEXT, infos)).split("\x00")))
        # Every figure token of `_quality` starts a key-phrase token coded "n": their
        # number bounds the figure tokens of the sentence.
        figures = [c.count("n") for c in sent_codes]
        if title and _tokenised_apart(title):
            title_terms = set(_content(title.lower()))
        else:
            title_terms = set(" ".join(map(_RANK_TEXT, title_infos)).split())
        ranked = _rank(title_terms, sents, toks, limit, figures)
    kws = []
    if n > 0:
        title_keys = set(map(_KEY, title_infos))
        kws = _keywords(title_keys, list(chain.from_iterable(parts)), n, codes.replace("|", ""))
    return ranked, kws


def _tokenised_apart(text: str) -> bool:
    """Whether the ranking words of `text` are not read from its key-phrase tokens (see
    `rank_and_keywords`): it holds a NUL, or a figure running into an apostrophe."""
    return "\x00" in text or (("'" in text or "\u2019" in text) and _FIGURE_APOSTROPHE.search(text) is not None)


def _token_infos(tokens: list[str]) -> list[_KpInfo]:
    """The `_kp_info` of each token."""
    got = list(map(_KP_CACHE.get, tokens))  # cache hits in one C-level pass
    if None in got:  # (a faster scan than list.count, which only a miss needs)
        j = 0
        for _ in range(got.count(None)):  # the misses only (in order)
            j = got.index(None, j)
            got[j] = _kp_info(tokens[j])
    return cast("list[_KpInfo]", got)


def _keywords(
    title_keys: set[str], infos: list[_KpInfo], n: int, codes: str | None = None
) -> list[str]:
    """`keywords` given the stem keys of the title's tokens, the `_token_infos` of the
    text's tokens (and their phrase codes)."""
    end_keys = list(map(_END, infos))
    words = Counter(end_keys)
    del words[""]
    if not words:
        return []  # no word may end a phrase: no candidate at all
    all_keys = tuple(map(_KEY, infos))  # (a slice is a phrase)
    if codes is None:
        codes = "".join(map(_CODE, infos))
    runs = [m.span() for m in _MULTI_RUN.finditer(codes)]
    lower_seen = set(compress(all_keys, map(_LOWER, infos)))
    lower_seen.discard("")

    total = len(infos) or 1
    specific = word_specificity().get  # a common word says little about the article
    word_tf: dict[str, int] = Counter(all_keys)
    word_tf.pop("", None)
    title_keys.discard("")

    # The candidates are scored by their own number of occurrences and how often their
    # words recur, how early they first occur, and their overlap with the headline.
    # One-word candidates: the words that may end a phrase, their counts and first
    # tokens (``word_first``; a dict keeps the last value stored for a key, so stored
    # backwards: the first index).
    word_first = dict(zip(reversed(end_keys), range(len(end_keys) - 1, -1, -1), strict=True))

    def score_words(ws: list[str]) -> list[tuple[float, _Phrase]]:
        """(-score, phrase) of each one-word phrase (sorted: best first, ties by phrase).

        The score of `score_phrases` for one word, simplified; a lone common noun or
        verb ("win", "total") is discounted.  (The factors 1.0 leave a product as it is.)
        """
        return [
            (
                -(
                    float(words[w] + word_tf[w] - 1)
                    * (1.0 + 0.5 * (1.0 - word_first[w] / total))
                    * (2.0 if w in title_keys else 1.0)
                    * (0.7 if w in lower_seen else 1.0)
                    * specific(w, 1.0)
                ),
                (w,),
            )
            for w in ws
        ]

    def score_phrases(count: dict[_Phrase, int]) -> list[tuple[float, _Phrase]]:
        """(-score, phrase) of each phrase of two words or more."""
        out = []
        for key, c in count.items():
            size = len(key)
            # Its own count plus how often its words recur (mean over the words, so one
            # incidental word drags a long phrase down), with a bonus for length.
            recur = sum(map(word_tf.__getitem__, key)) - size
            score = (c + recur / size) * (1.0 + 0.3 * (size - 1))
            score *= 1.0 + 0.5 * (1.0 - first[key] / total)
            if title_keys:
                score *= 1.0 + sum(map(title_keys.__contains__, key)) / size
            out.append((-score, key))
        return out

    def occurrences(key: _Phrase) -> int:
        return count[key] if len(key) > 1 else words[key[0]]

    kept: list[_Phrase] = []
    subs: set[_Phrase] = set()  # every sub-phrase of a kept phrase
    leads: set[_Phrase] = set()  # the first two words of kept phrases of two words or more
    kept_starts: dict[str, list[str]] = {}  # the kept one-word phrases by their first 4 letters
    heads: set[_Phrase] = set()  # proper prefixes of kept phrases
    tails: set[_Phrase] = set()  # proper suffixes of kept phrases
    # Words met once are left out unless that leaves too few phrases (very short texts):
    # a single word met once is no key phrase, and a phrase starting or ending with one
    # holds an incidental modifier ("Senior U.S. arms").  The second pass adds those
    # phrases; the count, first use and score of a phrase do not depend on the pass.
    count, first = _phrases(all_keys, codes, runs, word_tf, True)
    scored = score_words([w for w in words if word_tf[w] > 1]) + score_phrases(count)
    scored.sort()
    for min_tf in (2, 1):
        if min_tf == 1:
            count_rare, first_rare = _phrases(all_keys, codes, runs, word_tf, False)
            count.update(count_rare)
            first.update(first_rare)
            scored += score_words([w for w in words if word_tf[w] <= 1])
            scored += score_phrases(count_rare)
            scored.sort()
        for _, key in scored:
            if key in subs:
                continue  # part of a better phrase
            size = len(key)
            if size == 1:  # neither a fragment nor holding a kept phrase
                if len(kept) >= n:
                    break
                w = key[0]
                if (word_tf[w] > 1 and _fixed_part(w, all_keys, infos, word_first[w])) or (
                    w[:4] in kept_starts and any(_same_name(w, k) for k in kept_starts[w[:4]])
                ):
                    continue  # "Ken" of "Ken Livingstone"; "Ugandan" beside "Uganda"
                kept.append(key)
                subs.add(key)
                kept_starts.setdefault(w[:4], []).append(w)
                continue
            if key[:2] in leads:
                subs |= _sub_phrases(key)  # (nor its parts: "Christian Anderson")
                continue  # "digital music market" beside "digital music players"
            if heads and not (
                heads.isdisjoint(_SUFFIXES[size](key)) and tails.isdisjoint(_PREFIXES[size](key))
            ):
                continue  # a fragment of the same longer phrase ("film Mary" / "Mary Poppins")
            parts = _sub_phrases(key)
            if not parts.isdisjoint(kept):
                inside = [k for k in kept if k in parts]
                # A longer phrase absorbs the better-scored shorter ones it contains when it
                # accounts for a fair share of their occurrences and its extra words recur
                # ("Poppins" -> "Mary Poppins", but not -> "prevented Mary Poppins").
                if any(count[key] * 2 < occurrences(k) for k in inside):
                    continue
                slot = kept.index(inside[0])
                kept = [k for k in kept if k not in inside]
                kept.insert(slot, key)
                kept_starts = {}
                for k in kept:
                    if len(k) == 1:
                        kept_starts.setdefault(k[0][:4], []).append(k[0])
                subs, heads, tails = set(), set(), set()
                for k in kept:
                    subs |= _sub_phrases(k)
                    if len(k) > 1:
                        heads.update(_PREFIXES[len(k)](k))
                        tails.update(_SUFFIXES[len(k)](k))
                leads = {k[:2] for k in kept if len(k) > 1}
            else:
                if len(kept) >= n:
                    break
                kept.append(key)
                subs |= parts
                heads.update(_PREFIXES[size](key))
                tails.update(_SUFFIXES[size](key))
                leads.add(key[:2])
        if len(kept) >= min(5, n):
            break

    out = []
    for key in kept:
        t = first[key] if len(key) > 1 else word_first[key[0]]
        surface = list(map(_SURFACE, infos[t : t + len(key)]))
        if lower_seen.issuperset(key):
            # common words, capitalised here only at a sentence start or inside a name
            surface = [w if w.isupper() else w.lower() for w in surface]
        out.append(" ".join(surface))
    return out


def _fixed_part(word: str, keys: tuple[str, ...], infos: list[_KpInfo], i: int) -> bool:
    """Whether ``word`` (a stem key) is met at least twice and always beside the same word
    (not a stop word), as part of a longer name or term: "Ken" (of "Ken Livingstone"),
    "Texas" (of "Texas Instruments"), "open" (of "open source"); then it is no key phrase
    by itself.  ``i`` is the index of an occurrence; the earlier ones are not looked at."""
    last = len(keys) - 1
    sides = []  # (side, the word beside the first occurrence), for the sides still possible
    for side in (-1, 1):
        if 0 <= i + side <= last:
            neighbour = infos[i + side][1].lower()
            if neighbour.isalpha() and neighbour not in STOP_WORDS:
                sides.append((side, neighbour))  # ("Mr Livingstone" is no fixed expression)
    seen = 1
    while sides:
        try:
            i = keys.index(word, i + 1)
        except ValueError:
            return seen > 1
        seen += 1
        sides = [
            (side, nb)
            for side, nb in sides
            if 0 <= i + side <= last and infos[i + side][1].lower() == nb
        ]
    return False


# What a country's name becomes in the word for its people or language (after a final vowel
# is dropped): Uganda/Ugandan, Iran/Iranian, China/Chinese, Iraq/Iraqi, Germany/German.
_DEMONYM_ENDINGS = frozenset(("n", "an", "ian", "ean", "ese", "i", "y"))


def _same_name(a: str, b: str) -> bool:
    """Whether one of two words is the other's demonym ("Ugandan" and "Uganda")."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    base = short.rstrip("aeiou")
    return (
        len(base) >= 4
        and long != short
        and long.startswith(base)
        and long[len(base) :] in _DEMONYM_ENDINGS
        and short[len(base) :] in ("", "a", "e", "o", "i")
    )


# For a phrase of n words (2 <= n <= `_KP_MAX_WORDS`), the getter of its contiguous
# sub-phrases, itself included: key[0:1], key[0:2], ..., key[n-1:n] in one C-level call.
_SUB_PHRASE_GETTERS = {
    n: itemgetter(*[slice(a, b) for a in range(n) for b in range(a + 1, n + 1)])
    for n in range(2, _KP_MAX_WORDS + 1)
}
# Likewise the proper prefixes and the proper suffixes of a phrase of n >= 2 words (for
# two words the one prefix is got twice, as an itemgetter of one item returns no tuple).
_PREFIXES = {
    n: itemgetter(*[slice(0, j) for j in range(1, n)] * (2 if n == 2 else 1))
    for n in range(2, _KP_MAX_WORDS + 1)
}
_SUFFIXES = {
    n: itemgetter(*[slice(j, None) for j in range(1, n)] * (2 if n == 2 else 1))
    for n in range(2, _KP_MAX_WORDS + 1)
}


@lru_cache(maxsize=1 << 10)
def _sub_phrases(key: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """All contiguous sub-phrases of ``key``, itself included (cached: a phrase's
    sub-phrases are looked at again when phrases are kept or absorbed, within the same
    article; ~1 KB an entry, so the cache stays small: 16k entries were 17 MB per worker)."""
    if len(key) == 1:
        return frozenset((key,))
    return frozenset(_SUB_PHRASE_GETTERS[len(key)](key))
