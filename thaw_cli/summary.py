"""Offline extractive summaries and key phrases (standard library only).

Sentences are scored by general signals and picked greedily with maximal marginal
relevance (MMR), so every prefix of :func:`rank_sentences` is a summary of that
length:

* centrality: how much of the sentence's vocabulary recurs in the rest of the
  article (other occurrences of its content-word stems, i.e. its degree in the
  word-overlap graph of TextRank, with a weak length normalisation);
* position: a lead bias, ``1 + 1 / (1 + position) ** 3`` (the lead counts double);
* title overlap: a bonus for content words shared with the headline;
* a length prior and debris penalties (very short fragments, "Reuter" sign-offs,
  bylines, tables of figures, questions, quote-only lines);
* a penalty for a sentence opening with a dangling pronoun or connective ("He
  said", "It added", "But") unless the sentence before it is already chosen;
* redundancy: each pick is discounted by its largest similarity to the sentences
  already chosen.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from itertools import chain, compress
from operator import itemgetter
from typing import cast

from thaw_cli.sentences import split_sentences

__all__ = ["keywords", "lead", "rank_sentences", "summarize"]

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
# The tuned constants (few on purpose; checked per topic against TextRank).
_LEAD_EXP = 3.0  # position prior 1 + 1 / (1 + i) ** _LEAD_EXP: the lead counts double
_LEN_EXP = 0.1  # centrality divided by length ** _LEN_EXP (0: sum, 0.5: cosine-like)
_TITLE = 0.25  # weight of the share of headline words in the sentence
_MMR = 0.2  # redundancy: relevance minus _MMR * max similarity to chosen sentences
_DANGLING_COST = 0.1  # relevance lost by a dangling opener whose antecedent is not chosen
_CANDIDATE_CAP = 400  # sentences considered for a summary (the document vector uses all)


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


_STEMS: dict[str, str] = {}  # token -> content stem, or "" for a stop word


def _content(lower: str, a: int = 0, b: int = sys.maxsize) -> list[str]:
    """Content-word stems of ``lower[a:b]`` (lower-cased text; stop words, numbers dropped)."""
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
                s = "" if (w in STOP_WORDS or len(w) < 2 or w.isdigit()) else _stem(w)
                _STEMS[w] = stems[j] = s
        except ValueError:
            pass
    return list(filter(None, stems))


def _quality(sentence: str, nwords: int) -> float:
    """A multiplier in (0, 1] that pushes debris and weak sentence shapes down."""
    if _DEBRIS.match(sentence) and nwords < 8:
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
    if len(_NUMERIC.findall(sentence)) * 3 > nwords:
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
    toks = [_content(s.lower()) for s in sents]
    doc_tf = Counter(chain.from_iterable(toks))
    title_terms = set(_content(title.lower())) if title else set()

    k = min(len(sents), _CANDIDATE_CAP)
    sets: list[set[str]] = []
    base: list[float] = []
    eligible: list[int] = []
    for i in range(k):
        ts = toks[i]
        uniq = set(ts)
        sets.append(uniq)
        sent = sents[i]
        quality = _quality(sent, sent.count(" ") + sent.count("\n") + 1)
        if quality > 0.0:
            eligible.append(i)
        if not uniq:
            base.append(0.0)
            continue
        # Degree centrality: the number of other occurrences of the sentence's words.
        central = sum(map(doc_tf.__getitem__, uniq)) - len(ts)
        central /= len(ts) ** _LEN_EXP
        tb = len(uniq & title_terms) / len(title_terms) if title_terms else 0.0
        pos = 1.0 + 1.0 / (1.0 + i) ** _LEAD_EXP
        base.append(central * (1.0 + _TITLE * tb) * pos * quality)

    top = max(base) or 1.0
    rel = [b / top for b in base]
    dangling = [bool(_DANGLING_RE.match(s)) for s in sents[:k]]
    chosen: list[int] = []
    picked = [False] * k
    max_sim = [0.0] * k
    for _ in range(min(limit, len(eligible))):
        best, best_val = -1, -math.inf
        for i in eligible:
            if picked[i]:
                continue
            val = rel[i] - _MMR * max_sim[i]
            if dangling[i] and not (i > 0 and picked[i - 1]):
                val -= _DANGLING_COST
            if val > best_val:
                best, best_val = i, val
        picked[best] = True
        chosen.append(best)
        sb = sets[best]
        if sb:
            for i in eligible:
                si = sets[i]
                if not picked[i] and si:
                    inter = len(si & sb)
                    if inter:
                        sim = inter / math.sqrt(len(si) * len(sb))
                        if sim > max_sim[i]:
                            max_sim[i] = sim
    return [(i, _norm(sents[i])) for i in chosen]


def summarize(title: str | None, text: str, n: int = 3) -> list[str]:
    """The ``n`` best sentences of the article, in article order."""
    return [s for _, s in sorted(rank_sentences(title, text, n))]


def lead(text: str, n: int = 3) -> list[str]:
    """The first ``n`` sentences (the fallback for non-English text)."""
    return [_norm(s) for s in split_sentences(text)[:n]]


# ----------------------------------------------------------------- key phrases

_KP_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w&'\u2019-]*\w)?|\d[\d.,:/%]*\w*|[^\s\w]")
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
_RUN = re.compile(r"k*p|k+")
_KEY, _LOWER, _CODE = itemgetter(0), itemgetter(4), itemgetter(5)
_KpInfo = tuple[str, str, bool, bool, bool, str]
_KP_CACHE: dict[str, _KpInfo] = {}
_CACHE_MAX = 200_000


def _kp_info(token: str) -> _KpInfo:
    """(stem key or "" for a phrase break, surface, possessive, lower-case "-ed" verb,
    surface in lower case, run code: "." a break, "k" a word, "p" a possessive word)."""
    info = _KP_CACHE.get(token)
    if info is None:
        if not token[0].isalpha():
            info = ("", token, False, False, token.islower(), ".")
        else:
            low = token.lower().replace("\u2019", "'")
            possessive = low.endswith("'s")
            plain = low[:-2] if possessive else low
            stop = (
                plain in STOP_WORDS
                or plain in _KP_EXTRA_STOP
                or len(plain) < 2
                or (plain.endswith("ly") and len(plain) > 4)
            )
            surface = token[:-2] if possessive else token
            verb = plain.endswith("ed") and token.islower()
            code = "." if stop else "p" if possessive else "k"
            info = ("" if stop else _stem(plain), surface, possessive, verb, surface.islower(), code)
        if len(_KP_CACHE) > _CACHE_MAX:
            _KP_CACHE.clear()
        _KP_CACHE[token] = info
    return info


def keywords(title: str | None, text: str, n: int = 8) -> list[str]:
    """Up to ``n`` key phrases of the article, best first, multi-word phrases preferred.

    Candidates are runs of words between stop words, numbers and punctuation (and
    their sub-runs of up to four words); a candidate scores by how often it and its
    words occur, how early it first occurs, its overlap with the headline and its
    length.  A phrase contained in (or containing) a better one is dropped.
    """
    if n <= 0:
        return []
    tokens = _KP_TOKEN.findall(text)
    got = list(map(_KP_CACHE.get, tokens))  # cache hits in one C-level pass
    j = 0
    try:
        while True:  # the misses only
            j = got.index(None, j)
            got[j] = _kp_info(tokens[j])
    except ValueError:
        pass
    infos = cast("list[_KpInfo]", got)
    # Runs of words between breaks; a possessive ends its noun phrase ("Britain's |
    # utility").  Found by a regex over one code letter per token (C-level loops only).
    codes = "".join(map(_CODE, infos))
    spans = [m.span() for m in _RUN.finditer(codes)]
    if not spans:
        return []
    all_keys = list(map(_KEY, infos))
    runs = [infos[a:b] for a, b in spans]  # the words of each run
    positions = [a for a, _ in spans]  # token index where each run starts
    run_keys = [tuple(all_keys[a:b]) for a, b in spans]
    lower_seen = set(compress(all_keys, map(_LOWER, infos)))
    lower_seen.discard("")

    total = len(tokens) or 1
    word_tf: dict[str, int] = Counter(all_keys)
    word_tf.pop("", None)
    title_keys = {_kp_info(tok)[0] for tok in _KP_TOKEN.findall(title)} if title else set()
    title_keys.discard("")

    kept: list[tuple[str, ...]] = []
    subs: set[tuple[str, ...]] = set()  # every sub-phrase of a kept phrase
    heads: set[tuple[str, ...]] = set()  # proper prefixes of kept phrases
    tails: set[tuple[str, ...]] = set()  # proper suffixes of kept phrases
    # Words met once are left out unless that leaves too few phrases (very short texts).
    for min_tf in (2, 1):
        count: dict[tuple[str, ...], int] = {}
        first: dict[tuple[str, ...], tuple[int, int, int]] = {}  # run, start, index of 1st use
        for r, (run, start) in enumerate(zip(runs, positions, strict=True)):
            keys = run_keys[r]
            size = len(keys)
            if size == 1:  # most runs: one word (same rules as below)
                if not run[0][3] and word_tf[keys[0]] >= min_tf:
                    c = count.get(keys)
                    if c is None:
                        count[keys] = 1
                        first[keys] = (r, 0, start)
                    else:
                        count[keys] = c + 1
                continue
            for b in range(1, size + 1):
                if run[b - 1][3] or word_tf[keys[b - 1]] < min_tf:
                    # Ends in a lower-case "-ed" verb ("prices raised"), or in a word met once:
                    # a single word met once is no key phrase, and a phrase ending (or, below,
                    # starting) with one holds an incidental modifier ("Senior U.S. arms").
                    continue
                for a in range(max(0, b - _KP_MAX_WORDS), b):
                    if word_tf[keys[a]] < min_tf:
                        continue
                    key = keys[a:b]
                    c = count.get(key)
                    if c is None:
                        count[key] = 1
                        first[key] = (r, a, start + a)
                    else:
                        count[key] = c + 1

        scored: list[tuple[float, tuple[str, ...]]] = []
        for key, c in count.items():
            size = len(key)
            # Its own count plus how often its words recur (mean over the words, so one
            # incidental word drags a long phrase down), with a bonus for length.
            recur = sum(map(word_tf.__getitem__, key)) - size
            score = (c + recur / size) * (1.0 + 0.3 * (size - 1))
            score *= 1.0 + 0.5 * (1.0 - first[key][2] / total)
            if title_keys:
                score *= 1.0 + sum(map(title_keys.__contains__, key)) / size
            if size == 1 and key[0] in lower_seen:
                score *= 0.7  # a lone common noun or verb ("win", "total")
            scored.append((score, key))
        scored.sort(key=lambda x: (-x[0], x[1]))

        for _, key in scored:
            if key in subs:
                continue  # part of a better phrase
            size = len(key)
            if size > 1 and any(key[j:] in heads or key[:j] in tails for j in range(1, size)):
                continue  # a fragment of the same longer phrase ("film Mary" / "Mary Poppins")
            inside = []
            if size > 1 and kept:
                parts = _sub_phrases(key)
                inside = [k for k in kept if k in parts]
            if inside:
                # A longer phrase absorbs the better-scored shorter ones it contains when it
                # accounts for a fair share of their occurrences and its extra words recur
                # ("Poppins" -> "Mary Poppins", but not -> "prevented Mary Poppins").
                if any(count[key] * 2 < count[k] for k in inside):
                    continue
                slot = kept.index(inside[0])
                kept = [k for k in kept if k not in inside]
                kept.insert(slot, key)
                subs, heads, tails = set(), set(), set()
                for k in kept:
                    subs |= _sub_phrases(k)
                    heads.update(k[:j] for j in range(1, len(k)))
                    tails.update(k[j:] for j in range(1, len(k)))
            else:
                if len(kept) >= n:
                    break
                kept.append(key)
                subs |= _sub_phrases(key)
                heads.update(key[:j] for j in range(1, size))
                tails.update(key[j:] for j in range(1, size))
        if len(kept) >= min(5, n):
            break

    out = []
    for key in kept:
        r, a, _ = first[key]
        words = [w[1] for w in runs[r][a : a + len(key)]]
        if all(k in lower_seen for k in key):
            # common words, capitalised here only at a sentence start or inside a name
            words = [w if w.isupper() else w.lower() for w in words]
        out.append(" ".join(words))
    return out


def _sub_phrases(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """All contiguous sub-phrases of ``key``, itself included."""
    n = len(key)
    return {key[a:b] for a in range(n) for b in range(a + 1, n + 1)}
