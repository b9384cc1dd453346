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
_NUMERIC = re.compile(r"[\d.,/%$-]+\Z")
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


def _content(text: str, cache: dict[str, str]) -> list[str]:
    """Content-word stems of ``text`` (lower-cased, stop words and 1-char tokens removed)."""
    out = []
    for w in _TOKEN.findall(text.lower()):
        s = cache.get(w)
        if s is None:
            s = "" if (w in STOP_WORDS or len(w) < 2 or w.isdigit()) else _stem(w)
            cache[w] = s
        if s:
            out.append(s)
    return out


def _quality(sentence: str, nwords: int) -> float:
    """A multiplier in (0, 1] that pushes debris and weak sentence shapes down."""
    if nwords < 4 or _DEBRIS.match(sentence) and nwords < 8:
        return 0.02
    if not any(c.islower() for c in sentence):
        return 0.05
    q = 1.0
    if nwords < 8:
        q *= 0.3
    elif nwords < 12:
        q *= 0.75
    elif nwords > 50:
        q *= 50 / nwords
    toks = sentence.split()
    numeric = sum(1 for t in toks if _NUMERIC.match(t))
    if numeric * 3 > len(toks):
        q *= 0.3
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
    return _WS.sub(" ", sentence).strip()


def rank_sentences(title: str | None, text: str, limit: int = 10) -> list[tuple[int, str]]:
    """The best sentences, best first, as (position in the article, normalised text).

    Chosen greedily with redundancy removal, so every prefix is a summary of that length.
    """
    sents = split_sentences(text)
    if not sents or limit <= 0:
        return []
    cache: dict[str, str] = {}
    toks = [_content(s, cache) for s in sents]
    doc_tf: dict[str, int] = {}
    for ts in toks:
        for t in ts:
            doc_tf[t] = doc_tf.get(t, 0) + 1
    title_terms = set(_content(title, cache)) if title else set()

    k = min(len(sents), _CANDIDATE_CAP)
    sets: list[set[str]] = []
    base: list[float] = []
    for i in range(k):
        ts = toks[i]
        uniq = set(ts)
        sets.append(uniq)
        if not uniq:
            base.append(0.0)
            continue
        own: dict[str, int] = {}
        for t in ts:
            own[t] = own.get(t, 0) + 1
        # Degree centrality: the number of other occurrences of the sentence's words.
        central = sum(doc_tf[t] - own[t] for t in uniq)
        central /= len(ts) ** _LEN_EXP
        tb = len(uniq & title_terms) / len(title_terms) if title_terms else 0.0
        pos = 1.0 + 1.0 / (1.0 + i) ** _LEAD_EXP
        nwords = sents[i].count(" ") + sents[i].count("\n") + 1
        base.append(central * (1.0 + _TITLE * tb) * pos * _quality(sents[i], nwords))

    top = max(base) or 1.0
    rel = [b / top for b in base]
    dangling = [bool(_DANGLING_RE.match(s)) for s in sents[:k]]
    chosen: list[int] = []
    picked = [False] * k
    max_sim = [0.0] * k
    for _ in range(min(limit, k)):
        best, best_val = -1, -math.inf
        for i in range(k):
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
            for i in range(k):
                if not picked[i] and sets[i]:
                    inter = len(sets[i] & sb)
                    if inter:
                        sim = inter / math.sqrt(len(sets[i]) * len(sb))
                        if sim > max_sim[i]:
                            max_sim[i] = sim
    return [(i, _norm(sents[i])) for i in chosen]


def summarize(title: str | None, text: str, n: int = 3) -> list[str]:
    """The ``n`` best sentences of the article, in article order."""
    return [s for _, s in sorted(rank_sentences(title, text, n))]


def lead(text: str, n: int = 3) -> list[str]:
    """The first ``n`` sentences (the fallback for non-English text)."""
    return [_norm(s) for s in split_sentences(text)[:n]]


def keywords(title: str | None, text: str, n: int = 8) -> list[str]:
    """Key phrases of the article (placeholder: implemented below)."""
    return []
